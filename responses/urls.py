from django.urls import path
from django.views.decorators.http import require_safe

from responses import feeds, views

app_name = "responses"
urlpatterns = [
    path("unsere-fragen/", views.worklist, name="worklist"),
    path("fragen/<int:pk>/antwort/", views.answer_edit, name="answer_edit"),
    path("fragen/<int:pk>/antwort/status/", views.answer_transition, name="answer_transition"),
    path("fragen/<int:pk>/antwort/verlauf/", views.answer_history, name="answer_history"),
    path("fragen/<int:pk>/beitraege/", views.contribution_add, name="contribution_add"),
    path("beitraege/<int:pk>/uebernehmen/", views.contribution_merge, name="contribution_merge"),
    path("fragen/<int:pk>/kommentare/", views.comment_add, name="comment_add"),
    path("anfragen/<int:pk>/zwischennachricht/", views.interim_reply, name="interim_reply"),
    path("antworten/<int:pk>/beantwortung.pdf", views.reply_pdf, name="reply_pdf"),
    path("statistik/", views.statistics, name="statistics"),
    path("feeds/antworten.atom", require_safe(feeds.SentRepliesFeed()), name="replies_feed"),
]
