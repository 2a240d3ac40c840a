"""Search's one model: PostgreSQL's per-inquiry search document (search/pg_document.py), which
triggers keep. Django neither creates nor writes it (unmanaged); search reads it. The module is
also what makes Django send `post_migrate` to this app, when search repairs its SQLite index
(search/apps.py)."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from inquiries.models import Inquiry


class SearchDocument(models.Model):
    """The words of one inquiry by where they occur, for finding and counting hits as
    inquiries (`search.services`); never shown, never written by Django."""

    inquiry = models.OneToOneField(
        Inquiry,
        primary_key=True,
        on_delete=models.DO_NOTHING,  # the triggers delete the document with its inquiry
        db_constraint=False,
        related_name="+",
        verbose_name=_("inquiry"),
    )
    subject = SearchVectorField()
    text = SearchVectorField()  # subject, preamble and justification
    questions = SearchVectorField()
    answers = SearchVectorField()  # the working texts (the administration)
    sent_answers = SearchVectorField()  # the published texts as sent (everyone else)

    class Meta:
        managed = False
        db_table = "search_document"
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self) -> str:
        return f"{self.inquiry_id}"
