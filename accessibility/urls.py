from django.urls import path

from accessibility import views

app_name = "accessibility"

urlpatterns = [
    path("barrierefreiheit/", views.statement, name="statement"),
    path("leichte-sprache/", views.plain_language, name="plain_language"),
]
