from django.urls import path
from django.views.decorators.http import require_safe

from portal import feeds, views

app_name = "portal"
urlpatterns = [
    path("", views.inquiry_list, name="list"),
    path("anfragen/<int:pk>/", views.inquiry_detail, name="detail"),
    path("anfragen/<int:pk>/folgen/", views.inquiry_follow, name="follow"),
    path("anfragen/<int:pk>/entfolgen/", views.inquiry_unfollow, name="unfollow"),
    path("gefolgt/", views.follow_list, name="follow_list"),
    path("statistik/", views.statistics, name="statistics"),
    path("feeds/antworten.atom", require_safe(feeds.SentRepliesFeed()), name="replies_feed"),
]
