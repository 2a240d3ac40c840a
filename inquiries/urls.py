from django.urls import path

from inquiries import views

app_name = "inquiries"
urlpatterns = [
    path("eingang/", views.inbox, name="inbox"),
    path("anfragen/<int:pk>/zuweisen/", views.inquiry_assign, name="assign"),
    path("fristen.ics", views.deadlines_ical, name="deadlines_ical"),
    # intake
    path("meine-anfragen/", views.my_inquiries, name="mine"),
    path("anfragen/neu/", views.inquiry_create, name="create"),
    path("anfragen/import/", views.letter_import, name="import"),
    path("anfragen/<int:pk>/bearbeiten/", views.inquiry_edit, name="edit"),
    path("anfragen/<int:pk>/einreichen/", views.inquiry_submit, name="submit"),
    path("anfragen/<int:pk>/loeschen/", views.inquiry_delete, name="delete"),
    path("anfragen/<int:pk>/zurueckziehen/", views.inquiry_withdraw, name="withdraw"),
    path("anfragen/<int:pk>/nachfrage/", views.inquiry_follow_up, name="follow_up"),
    path("anfragen/<int:pk>/registrieren/", views.inquiry_register, name="register"),
    path("anfragen/<int:pk>/verweisen/", views.inquiry_refer, name="refer"),
    path("anfragen/<int:pk>/schreiben/", views.inquiry_source, name="source"),
]
