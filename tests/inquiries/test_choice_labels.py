import pytest
from django.db import models
from django.utils import translation

from inquiries.models import Event, Inquiry
from inquiries.models.choices import ChoiceLabels
from responses.models import Answer, Reply


def _choice_fields(model):
    return [field for field in model._meta.concrete_fields if field.choices]


@pytest.mark.parametrize("model", [Inquiry, Event, Answer, Reply])
@pytest.mark.parametrize("language", ["de", "en"])
def test_choice_labels_are_django_s_in_the_active_language(model, language):
    assert issubclass(model, ChoiceLabels)
    fields = _choice_fields(model)
    assert fields
    with translation.override(language):
        for field in fields:
            for value, _label in field.flatchoices:
                row = model(**{field.attname: value})
                assert getattr(row, f"get_{field.name}_display")() == models.Model._get_FIELD_display(
                    row, field
                )


def test_a_label_read_once_follows_a_later_language_and_an_unknown_value_shows_as_stored():
    inquiry = Inquiry(status=Inquiry.Status.ANSWERED)
    with translation.override("en"):
        english = inquiry.get_status_display()
    with translation.override("de"):
        german = inquiry.get_status_display()
    assert (english, german) == ("Answered", "Beantwortet")
    assert Inquiry(status="no-such-status").get_status_display() == "no-such-status"
