from django.urls import path

from responses import feeds, views

app_name = "responses"
urlpatterns = [
    path("antworten/<int:pk>/beantwortung.pdf", views.reply_pdf, name="reply_pdf"),
    path("statistik/", views.statistics, name="statistics"),
    path("feeds/antworten.atom", feeds.SentRepliesFeed(), name="replies_feed"),
]
