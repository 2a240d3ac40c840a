from django.urls import path

from inquiries import views

app_name = "inquiries"
urlpatterns = [
    path("", views.inquiry_list, name="list"),
    path("anfragen/<int:pk>/", views.inquiry_detail, name="detail"),
    path("eingang/", views.inbox, name="inbox"),
    path("anfragen/<int:pk>/zuweisen/", views.inquiry_assign, name="assign"),
]
