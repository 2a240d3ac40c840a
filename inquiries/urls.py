from django.urls import path

from inquiries import views

app_name = "inquiries"
urlpatterns = [
    path("", views.inquiry_list, name="list"),
    path("anfragen/<int:pk>/", views.inquiry_detail, name="detail"),
    path("eingang/", views.inbox, name="inbox"),
    path("anfragen/<int:pk>/zuweisen/", views.inquiry_assign, name="assign"),
    path("anfragen/<int:pk>/folgen/", views.inquiry_follow, name="follow"),
    path("anfragen/<int:pk>/entfolgen/", views.inquiry_unfollow, name="unfollow"),
    path("gefolgt/", views.follow_list, name="follow_list"),
    path("fristen.ics", views.deadlines_ical, name="deadlines_ical"),
]
