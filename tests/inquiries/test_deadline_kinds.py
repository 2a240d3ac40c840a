"""How an inquiry's deadline was set is stored as the kind of request the deadline engine read
(`inquiries.deadlines.DeadlineKind`, pure, for the child process without Django), or "manual"
for a date the council office set. The stored choices are derived from the engine's enum."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from inquiries.deadlines import DeadlineKind, parse_deadline_phrase
from inquiries.models import Inquiry
from inquiries.services.registration import _deadline_kind


def test_the_stored_kinds_are_the_engine_s_kinds_and_manual():
    assert [kind.value for kind in Inquiry.DeadlineKind] == [*(kind.value for kind in DeadlineKind), "manual"]


def test_every_stored_kind_has_a_label_of_its_own():
    labels = [str(kind.label) for kind in Inquiry.DeadlineKind]
    assert all(labels) and len(set(labels)) == len(labels)


@pytest.mark.parametrize("kind", list(DeadlineKind))
def test_each_kind_the_engine_reads_is_stored_as_that_kind(kind):
    class Computed:
        needs_manual = False
        due_on = "2027-03-01"

    stored = _deadline_kind(kind, Computed())
    assert stored == kind and Inquiry.DeadlineKind(stored).label


def test_a_manual_date_is_stored_as_manual():
    class Computed:
        needs_manual = True
        due_on = None

    assert _deadline_kind(DeadlineKind.NEXT_MEETING, Computed()) == Inquiry.DeadlineKind.MANUAL


def test_a_phrase_the_letter_asks_for_is_stored_as_its_kind():
    request = parse_deadline_phrase("bis zur nächstmöglichen Sitzung", received_on=date(2027, 1, 11))
    assert Inquiry.DeadlineKind(request.kind) == Inquiry.DeadlineKind.NEXT_MEETING


@pytest.mark.django_db
def test_the_migrations_store_what_the_models_say():
    """Stored choices (these among them) and the migrations agree: nothing left to migrate."""
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    assert "No changes detected" in out.getvalue()
