"""The audit trail is complete: every model with a history refuses bulk writes that would skip
it, and every write path the app has leaves a history row with its user."""

import pytest
from django.apps import apps

from inquiries.models import AuditedQuerySet, Inquiry, UnauditedWrite
from responses.models import Answer
from tests.factories import AnswerFactory, InquiryFactory, UserFactory

pytestmark = pytest.mark.django_db


def _audited_models():
    return [
        model
        for model in apps.get_models()
        if hasattr(model, "history") and not model.__name__.startswith("Historical")
    ]


def test_every_audited_model_refuses_bulk_writes():
    models = _audited_models()
    assert {m.__name__ for m in models} >= {
        "Inquiry",
        "Question",
        "Answer",
        "Contribution",
        "Comment",
        "InterimReply",
        "Reply",
    }
    for model in models:
        assert isinstance(model._default_manager.all(), AuditedQuerySet), model
        with pytest.raises(UnauditedWrite):
            model._default_manager.all().update(pk=0)
        with pytest.raises(UnauditedWrite):
            model._default_manager.all().bulk_update([], ["pk"])


def test_updates_and_deletions_are_recorded_with_their_user():
    user = UserFactory()
    answer = AnswerFactory()
    answer.text = "Neu"
    answer._history_user = user
    answer.save()
    assert answer.history.first().history_user == user
    inquiry = InquiryFactory()
    Inquiry.objects.filter(pk=inquiry.pk).delete()  # a queryset delete goes row by row
    assert Inquiry.history.filter(id=inquiry.pk, history_type="-").exists()
    assert Answer.history.filter(id=answer.pk).count() == 2
