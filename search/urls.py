from django.urls import path

from search import views

app_name = "search"
urlpatterns = [
    path("suche/", views.search, name="search"),
    path("fragen/<int:pk>/frueher-gefragt/", views.question_suggestions, name="question_suggestions"),
    path("aehnliche-anfragen/", views.inquiry_suggestions, name="inquiry_suggestions"),
]
