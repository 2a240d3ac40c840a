import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from inquiries.deadlines import internal_due_on
from inquiries.models import Event, Inquiry
from inquiries.services import deadline_rules
from responses import services
from responses.models import Answer, Comment, Contribution, InterimReply
from tests.factories import AnswerFactory, InquiryFactory, QuestionFactory

pytestmark = pytest.mark.django_db

S = Answer.Status


# --- save_answer: optimistic locking ---------------------------------------------------------


def test_save_answer_bumps_the_version_and_records_who(world):
    answer = AnswerFactory(question=world.question, text="Alt")
    saved = services.save_answer(answer, text="Neu", base_version=1, by=world.lead_staff)
    answer.refresh_from_db()
    assert (answer.text, answer.version, answer.author) == ("Neu", 2, world.lead_staff)
    assert saved.version == 2
    assert answer.history.first().history_user == world.lead_staff


def test_second_save_based_on_the_same_version_is_refused_and_the_first_is_kept(world):
    answer = AnswerFactory(question=world.question, text="Start")
    services.save_answer(answer, text="Text von Anna", base_version=1, by=world.lead_staff)
    with pytest.raises(services.AnswerConflict) as excinfo:
        services.save_answer(answer, text="Text von Ben", base_version=1, by=world.lead_head)
    assert excinfo.value.current_text == "Text von Anna"
    assert excinfo.value.current_version == 2
    answer.refresh_from_db()
    assert (answer.text, answer.version) == ("Text von Anna", 2)


def test_saving_the_same_text_makes_no_new_version(world):
    answer = AnswerFactory(question=world.question, text="Gleich")
    services.save_answer(answer, text="Gleich\r\n", base_version=1, by=world.lead_staff)
    answer.refresh_from_db()
    assert answer.version == 1


def test_approved_answer_is_locked(world, council_office):
    answer = AnswerFactory(
        question=world.question, status=S.APPROVED, approver=council_office, approved_at=timezone.now()
    )
    with pytest.raises(services.AnswerLocked):
        services.save_answer(answer, text="Änderung", base_version=1, by=world.lead_staff)
    answer.refresh_from_db()
    assert answer.text == "Es wurden 12 Anträge gestellt."


# --- The state machine ------------------------------------------------------------------------

_TABLE = [
    # (from, action, to or None when refused)
    (S.DRAFT, "submit", S.IN_REVIEW),
    (S.DRAFT, "approve", None),
    (S.DRAFT, "send_back", None),
    (S.DRAFT, "reopen", None),
    (S.IN_REVIEW, "submit", None),
    (S.IN_REVIEW, "approve", S.APPROVED),
    (S.IN_REVIEW, "send_back", S.DRAFT),
    (S.IN_REVIEW, "reopen", None),
    (S.APPROVED, "submit", None),
    (S.APPROVED, "approve", None),
    (S.APPROVED, "send_back", None),
    (S.APPROVED, "reopen", S.DRAFT),
    (S.DRAFT, "publish", None),
]


@pytest.mark.parametrize(("source", "action", "target"), _TABLE)
def test_answer_state_machine(world, council_office, source, action, target):
    approved = source == S.APPROVED
    answer = AnswerFactory(
        question=world.question,
        status=source,
        approver=council_office if approved else None,
        approved_at=timezone.now() if approved else None,
    )
    if target is None:
        with pytest.raises(services.InvalidTransition) as excinfo:
            services.transition_answer(answer, action, by=council_office, comment="Bitte ergänzen")
        assert excinfo.value.message
        answer.refresh_from_db()
        assert answer.status == source
        return
    services.transition_answer(answer, action, by=council_office, comment="Bitte ergänzen")
    answer.refresh_from_db()
    assert answer.status == target
    assert (answer.approver is not None) == (target == S.APPROVED)
    assert (answer.approved_at is not None) == (target == S.APPROVED)


def test_send_back_needs_a_comment_and_keeps_it(world, council_office):
    answer = AnswerFactory(question=world.question, status=S.IN_REVIEW)
    with pytest.raises(services.InvalidTransition):
        services.transition_answer(answer, "send_back", by=council_office, comment="  ")
    services.transition_answer(answer, "send_back", by=council_office, comment="Zahlen für 2025 fehlen")
    answer.refresh_from_db()
    assert answer.status == S.DRAFT
    assert answer.review_comment == "Zahlen für 2025 fehlen"
    assert Comment.objects.get(question=world.question).text == "Zahlen für 2025 fehlen"


def test_empty_answer_cannot_be_submitted(world):
    answer = AnswerFactory(question=world.question, text="")
    with pytest.raises(services.InvalidTransition):
        services.transition_answer(answer, "submit", by=world.lead_staff)


@pytest.mark.parametrize(
    ("status", "action", "actor"),
    [
        (S.DRAFT, "submit", "other_staff"),  # another department does not submit this answer
        (S.IN_REVIEW, "approve", "lead_staff"),  # staff do not approve, heads do
        (S.IN_REVIEW, "send_back", "other_head"),  # the head of another department neither
        (S.APPROVED, "reopen", "lead_head"),  # reopening is the council office's
    ],
)
def test_a_transition_checks_its_actor_and_writes_nothing(world, status, action, actor):
    """Each step carries its permission check: calling the service directly (not through the
    view, which checks too) with someone who may not take the step is refused."""
    approved = {"approver": world.lead_head, "approved_at": timezone.now()} if status == S.APPROVED else {}
    answer = AnswerFactory(question=world.question, status=status, text="Entwurf", **approved)
    history = answer.history.count()
    with pytest.raises(PermissionDenied):
        services.transition_answer(answer, action, by=getattr(world, actor), comment="Bitte ergänzen")
    answer.refresh_from_db()
    assert (answer.status, answer.version, answer.approver) == (status, 1, approved.get("approver"))
    assert answer.history.count() == history
    assert not Comment.objects.filter(question=world.question).exists()


def test_approving_a_text_changed_since_it_was_read_is_refused(world):
    answer = AnswerFactory(question=world.question, status=S.IN_REVIEW)
    services.save_answer(answer, text="Nachträglich geändert", base_version=1, by=world.lead_staff)
    with pytest.raises(services.AnswerConflict):
        services.transition_answer(answer, "approve", by=world.lead_head, base_version=1)
    answer.refresh_from_db()
    assert answer.status == S.IN_REVIEW


# --- Contributions ----------------------------------------------------------------------------


def test_merge_appends_the_contribution_and_marks_it(world):
    answer = AnswerFactory(question=world.question, text="Teil des Sozialamts.")
    contribution = services.add_contribution(
        world.question,
        department=world.participating,
        text="Teil der Kämmerei.",
        by=world.participating_staff,
    )
    services.merge_contribution(contribution, by=world.lead_staff)
    answer.refresh_from_db()
    contribution.refresh_from_db()
    assert answer.text == "Teil des Sozialamts.\n\nTeil der Kämmerei."
    assert answer.version == 2
    assert contribution.is_merged
    assert answer.history.first().history_user == world.lead_staff
    with pytest.raises(services.InvalidTransition):
        services.merge_contribution(contribution, by=world.lead_staff)


def test_merge_creates_the_answer_if_none_exists_yet(world):
    contribution = Contribution.objects.create(
        question=world.question,
        department=world.participating,
        text="Nur Kämmerei.",
        author=world.participating_staff,
    )
    answer = services.merge_contribution(contribution, by=world.lead_staff)
    assert answer.text == "Nur Kämmerei."


# --- History and diff -------------------------------------------------------------------------


def _visible(html: str) -> str:
    """The diff without its hidden "[added: …]" markers for screen readers."""
    return re.sub(r'<span class="visually-hidden">[^<]*</span>', "", html)


def test_word_diff_marks_changes_and_escapes_html():
    html = services.word_diff("Es gibt <b>drei</b> Stellen.", "Es gibt <b>vier</b> Stellen.")
    hidden = '<span class="visually-hidden">'
    assert f"<del>{hidden}[removed: </span>&lt;b&gt;drei&lt;/b&gt;{hidden}]</span></del>" in html
    assert f"<ins>{hidden}[added: </span>&lt;b&gt;vier&lt;/b&gt;{hidden}]</span></ins>" in html
    assert "<b>" not in html
    assert html.startswith("Es gibt ")


def test_answer_versions_list_who_when_and_the_diff(world, council_office):
    answer = services.answer_for(world.question)
    services.save_answer(answer, text="Erster Satz.", base_version=1, by=world.lead_staff)
    services.save_answer(answer, text="Erster Satz. Zweiter Satz.", base_version=2, by=world.lead_head)
    services.transition_answer(answer, "submit", by=world.lead_head)
    versions = services.answer_versions(answer)
    assert [v.version for v in versions] == [3, 3, 2, 1]
    assert versions[0].status == S.IN_REVIEW and not versions[0].text_changed
    assert versions[0].action == "submit"
    assert versions[1].by == world.lead_head
    assert "<ins> Zweiter Satz.</ins>" in _visible(versions[1].diff)
    assert versions[2].by == world.lead_staff
    assert "<ins>Erster Satz.</ins>" in _visible(versions[2].diff)


# --- Progress ---------------------------------------------------------------------------------


def test_inquiry_progress_counts_every_question_with_text_of_its_own_parents_included(council_office):
    inquiry = InquiryFactory()
    parent = QuestionFactory(inquiry=inquiry, number="1")
    a = QuestionFactory(inquiry=inquiry, parent=parent, number="a")
    b = QuestionFactory(inquiry=inquiry, parent=parent, number="b")
    second = QuestionFactory(inquiry=inquiry, number="2")
    third = QuestionFactory(inquiry=inquiry, number="3")
    now = timezone.now()
    AnswerFactory(question=a, status=S.APPROVED, approver=council_office, approved_at=now)
    AnswerFactory(question=b, status=S.IN_REVIEW)
    AnswerFactory(question=second, status=S.DRAFT)
    assert services.inquiry_progress(inquiry) == {
        "total": 5,
        "draft": 1,
        "in_review": 1,
        "approved": 1,
        "missing": 2,
        "by_sub_questions": 0,
        "open": [(parent.pk, "1"), (b.pk, "1b"), (second.pk, "2"), (third.pk, "3")],
        "all_approved": False,
    }


def test_a_parent_question_needs_its_own_approved_answer_unless_marked(council_office):
    inquiry = InquiryFactory()
    parent = QuestionFactory(inquiry=inquiry, number="1")
    sub = QuestionFactory(inquiry=inquiry, parent=parent, number="a")
    now = timezone.now()
    AnswerFactory(question=sub, status=S.APPROVED, approver=council_office, approved_at=now)
    progress = services.inquiry_progress(inquiry)
    assert (progress["approved"], progress["total"], progress["all_approved"]) == (1, 2, False)
    assert progress["open"] == [(parent.pk, "1")]

    services.set_answered_by_sub_questions(parent, answered=True, by=council_office)
    progress = services.inquiry_progress(inquiry)
    assert (progress["approved"], progress["total"], progress["by_sub_questions"]) == (1, 1, 1)
    assert progress["all_approved"] is True

    services.set_answered_by_sub_questions(parent, answered=False, by=council_office)
    assert services.inquiry_progress(inquiry)["all_approved"] is False
    parent_answer = AnswerFactory(question=parent, status=S.DRAFT)
    assert services.inquiry_progress(inquiry)["all_approved"] is False
    parent_answer.status, parent_answer.approver, parent_answer.approved_at = S.APPROVED, council_office, now
    parent_answer.save()
    assert services.inquiry_progress(inquiry)["all_approved"] is True


def test_inquiry_without_questions_is_not_all_approved():
    assert services.inquiry_progress(InquiryFactory())["all_approved"] is False


# --- Interim reply ----------------------------------------------------------------------------


def test_interim_reply_sets_the_expected_date_and_moves_open_due_dates(
    world, council_office, django_capture_on_commit_callbacks
):
    world.inquiry.sender_email = "absender@example.org"
    world.inquiry.save()
    approved_question = QuestionFactory(
        inquiry=world.inquiry, number="2", lead_department=world.lead, due_on=world.question.due_on
    )
    AnswerFactory(
        question=approved_question, status=S.APPROVED, approver=council_office, approved_at=timezone.now()
    )
    new_expected_on = world.inquiry.due_on + timedelta(days=28)
    with django_capture_on_commit_callbacks(execute=True):
        interim = services.send_interim_reply(
            world.inquiry,
            text="Die Zahlen liegen noch nicht vor.",
            new_expected_on=new_expected_on,
            by=council_office,
        )
    world.inquiry.refresh_from_db()
    world.question.refresh_from_db()
    approved_question.refresh_from_db()
    assert world.inquiry.expected_on == new_expected_on
    assert InterimReply.objects.get() == interim
    assert Event.objects.filter(inquiry=world.inquiry, kind=Event.Kind.INTERIM_REPLY).exists()
    assert world.question.due_on == internal_due_on(new_expected_on, rules=deadline_rules())
    assert world.question.due_on > world.inquiry.due_on
    assert approved_question.due_on == world.inquiry.due_on  # approved: nothing to remind
    assert [m.to for m in mail.outbox] == [["absender@example.org"]]
    assert "Die Zahlen liegen noch nicht vor." in mail.outbox[0].body


def test_nothing_is_mailed_when_the_transaction_rolls_back(
    world, council_office, django_capture_on_commit_callbacks
):
    world.inquiry.sender_email = "absender@example.org"
    world.inquiry.save()
    with django_capture_on_commit_callbacks() as callbacks:
        services.send_interim_reply(
            world.inquiry,
            text="x",
            new_expected_on=world.inquiry.due_on + timedelta(days=7),
            by=council_office,
        )
    assert len(callbacks) == 1  # queued for commit, not sent inside the transaction
    assert mail.outbox == []


def test_answer_for_creates_one_empty_answer(world):
    first = services.answer_for(world.question)
    world.question.refresh_from_db()
    assert services.answer_for(world.question) == first
    assert Answer.objects.count() == 1
    assert first.version == 1 and first.status == S.DRAFT


def test_open_inquiry_statuses_include_in_progress():
    # reminders and the worklist rely on it
    assert Inquiry.Status.IN_PROGRESS in Inquiry.OPEN_STATUSES


# --- Merging a contribution leaves its internal label behind ----------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Ergänzung der Ausländerbehörde: Seit Juli 2021 eine halbe Stelle.",
        "Ergänzung INT:\nSeit Juli 2021 eine halbe Stelle.",
        "Beitrag FB50: Seit Juli 2021 eine halbe Stelle.",
        "FB50: Seit Juli 2021 eine halbe Stelle.",
        "Soziales: Seit Juli 2021 eine halbe Stelle.",
    ],
)
def test_merged_contribution_does_not_carry_its_internal_label(world, text):
    contribution = Contribution.objects.create(
        question=world.question, department=world.lead, text=text, author=world.lead_staff
    )
    answer = services.merge_contribution(contribution, by=world.lead_staff)
    assert answer.text == "Seit Juli 2021 eine halbe Stelle."


def test_merged_contribution_keeps_a_text_that_starts_with_its_own_words(world):
    text = "Folgende Mittel wurden bewilligt: 48.500 € für 2022."
    contribution = Contribution.objects.create(
        question=world.question, department=world.participating, text=text, author=world.participating_staff
    )
    assert services.merge_contribution(contribution, by=world.lead_staff).text == text


# Each step's permission decides on the answer's state too: nobody may take a step the state
# does not allow, whatever their role.
_STEP_PERMISSIONS = {
    "submit": (S.DRAFT, "lead_staff"),
    "approve": (S.IN_REVIEW, "lead_head"),
    "send_back": (S.IN_REVIEW, "lead_head"),
    "reopen": (S.APPROVED, "council_office"),
}


@pytest.mark.parametrize("action", _STEP_PERMISSIONS)
@pytest.mark.parametrize("status", [S.DRAFT, S.IN_REVIEW, S.APPROVED])
def test_a_step_s_permission_holds_only_in_the_state_it_starts_from(world, council_office, action, status):
    allowed_in, who = _STEP_PERMISSIONS[action]
    user = council_office if who == "council_office" else getattr(world, who)
    approved = {"approver": world.lead_head, "approved_at": timezone.now()} if status == S.APPROVED else {}
    answer = AnswerFactory(question=world.question, status=status, **approved)
    assert services.TRANSITIONS[action].permitted(user, answer) == (status == allowed_in)


def test_reopening_is_for_an_approved_answer_and_for_the_council_office_only(world, council_office):
    from responses.permissions import can_reopen_answer

    draft = AnswerFactory(question=world.question, status=S.DRAFT)
    assert not can_reopen_answer(council_office, draft)
    approved = AnswerFactory(
        question=QuestionFactory(inquiry=world.question.inquiry, number="2", lead_department=world.lead),
        status=S.APPROVED,
        approver=world.lead_head,
        approved_at=timezone.now(),
    )
    assert can_reopen_answer(council_office, approved)
    assert not can_reopen_answer(world.lead_head, approved)
