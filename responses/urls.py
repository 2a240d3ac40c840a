from django.urls import path

from responses import annex_views, reply_views, views

app_name = "responses"
urlpatterns = [
    path("unsere-fragen/", views.worklist, name="worklist"),
    path("fragen/<int:pk>/antwort/", views.answer_edit, name="answer_edit"),
    path("fragen/<int:pk>/antwort/status/", views.answer_transition, name="answer_transition"),
    path("fragen/<int:pk>/antwort/verlauf/", views.answer_history, name="answer_history"),
    path("fragen/<int:pk>/antwort/uebernehmen/", views.answer_copy, name="answer_copy"),
    path(
        "fragen/<int:pk>/durch-unterfragen/",
        views.question_answered_by_sub_questions,
        name="question_answered_by_sub_questions",
    ),
    path("fragen/<int:pk>/beitraege/", views.contribution_add, name="contribution_add"),
    path("beitraege/<int:pk>/uebernehmen/", views.contribution_merge, name="contribution_merge"),
    path("fragen/<int:pk>/kommentare/", views.comment_add, name="comment_add"),
    path("anfragen/<int:pk>/zwischennachricht/", views.interim_reply, name="interim_reply"),
    # The reply
    path("anfragen/<int:pk>/beantwortung/", reply_views.reply_start, name="reply_start"),
    path("beantwortungen/<int:pk>/", reply_views.reply_compose, name="reply_compose"),
    path("beantwortungen/<int:pk>/vorschau/", reply_views.reply_preview, name="reply_preview"),
    path("beantwortungen/<int:pk>/entwurf.pdf", reply_views.reply_draft_pdf, name="reply_draft_pdf"),
    path("beantwortungen/<int:pk>/fertig/", reply_views.reply_mark_ready, name="reply_mark_ready"),
    path("beantwortungen/<int:pk>/zurueck/", reply_views.reply_reopen, name="reply_reopen"),
    path("beantwortungen/<int:pk>/unterschreiben/", reply_views.reply_sign, name="reply_sign"),
    path("beantwortungen/<int:pk>/senden/", reply_views.reply_send, name="reply_send"),
    path("beantwortungen/<int:pk>/ergaenzen/", reply_views.reply_supplement, name="reply_supplement"),
    path("beantwortungen/<int:pk>/signiert.pdf", reply_views.reply_pdf, name="reply_pdf"),
    path("pruefen/", reply_views.reply_verify, name="verify"),
    # Annexes
    path("fragen/<int:pk>/anlagen/", annex_views.annex_add, name="annex_add"),
    path("beantwortungen/<int:pk>/anlagen/", annex_views.reply_annex_add, name="reply_annex_add"),
    path("anlagen/<int:pk>/", annex_views.annex_download, name="annex_download"),
    path("anlagen/<int:pk>/entfernen/", annex_views.annex_delete, name="annex_delete"),
]
