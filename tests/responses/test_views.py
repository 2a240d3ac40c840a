import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from inquiries import roles
from inquiries.models import Inquiry
from responses.models import Answer, Contribution, InterimReply
from tests.factories import (
    AnswerFactory,
    DepartmentFactory,
    InquiryFactory,
    QuestionFactory,
    UserFactory,
    force_update,
    user_with_role,
)

pytestmark = pytest.mark.django_db

S = Answer.Status


def edit_url(question):
    return reverse("responses:answer_edit", args=[question.pk])


def _user(world, who):
    """Every role the permission rules tell apart."""
    return {
        "lead_staff": lambda: world.lead_staff,
        "lead_head": lambda: world.lead_head,
        "participating_staff": lambda: world.participating_staff,
        "other_staff": lambda: world.other_staff,
        "other_head": lambda: world.other_head,
        "council_office": lambda: user_with_role(roles.COUNCIL_OFFICE, username="office"),
        "chair": lambda: user_with_role(roles.COMMITTEE_CHAIR, username="chair"),
        "council_member": lambda: user_with_role(roles.COUNCIL_MEMBER, username="member"),
        "signatory": lambda: user_with_role(roles.SIGNATORY, username="mayor"),
    }[who]()


# --- Who may open and edit the editor ---------------------------------------------------------

# who: (GET editor, POST answer text)
EDITOR_MATRIX = {
    "lead_staff": (200, 302),
    "lead_head": (200, 302),
    "council_office": (200, 302),
    "participating_staff": (200, 403),
    "other_staff": (403, 403),
    "other_head": (403, 403),
    "chair": (403, 403),
    "council_member": (403, 403),
    "signatory": (403, 403),
}


@pytest.mark.parametrize("who", EDITOR_MATRIX)
def test_editor_permissions_per_role(client, world, who):
    answer = AnswerFactory(question=world.question, text="Entwurf")
    client.force_login(_user(world, who))
    get_status, post_status = EDITOR_MATRIX[who]
    assert client.get(edit_url(world.question)).status_code == get_status
    response = client.post(edit_url(world.question), {"text": f"Text von {who}", "version": 1})
    assert response.status_code == post_status
    answer.refresh_from_db()
    assert answer.text == (f"Text von {who}" if post_status == 302 else "Entwurf")


def test_anonymous_is_sent_to_login_from_every_answer_page(client, world):
    contribution = Contribution.objects.create(
        question=world.question, department=world.participating, text="x"
    )
    urls = [
        edit_url(world.question),
        reverse("responses:answer_history", args=[world.question.pk]),
        reverse("responses:worklist"),
        reverse("responses:interim_reply", args=[world.inquiry.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url
    posts = [
        reverse("responses:answer_transition", args=[world.question.pk]),
        reverse("responses:contribution_add", args=[world.question.pk]),
        reverse("responses:contribution_merge", args=[contribution.pk]),
        reverse("responses:comment_add", args=[world.question.pk]),
    ]
    for url in posts:
        response = client.post(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


def test_question_of_an_invisible_inquiry_is_404(client, world):
    draft = InquiryFactory(
        status=Inquiry.Status.DRAFT, submitted_by=UserFactory(), reference=None, reference_number=None
    )
    question = QuestionFactory(inquiry=draft, lead_department=world.lead)
    client.force_login(world.lead_staff)
    assert client.get(edit_url(question)).status_code == 404


def test_post_only_views_refuse_get(client, world):
    client.force_login(world.lead_staff)
    contribution = Contribution.objects.create(
        question=world.question, department=world.participating, text="x"
    )
    for url in (
        reverse("responses:answer_transition", args=[world.question.pk]),
        reverse("responses:contribution_add", args=[world.question.pk]),
        reverse("responses:contribution_merge", args=[contribution.pk]),
        reverse("responses:comment_add", args=[world.question.pk]),
    ):
        assert client.get(url).status_code == 405, url


def test_editor_renders_markup_safely(client, world):
    AnswerFactory(question=world.question, text="Absatz <script>x</script>\n\n- eins\n- zwei")
    client.force_login(world.lead_staff)
    content = client.get(edit_url(world.question)).content.decode()
    assert "<ul><li>eins</li><li>zwei</li></ul>" in content
    assert "<script>x</script>" not in content
    assert "&lt;script&gt;x&lt;/script&gt;" in content


def test_opening_the_editor_creates_the_answer(client, world):
    client.force_login(world.lead_staff)
    assert client.get(edit_url(world.question)).status_code == 200
    assert Answer.objects.get(question=world.question).version == 1


# --- The concurrent-save conflict -------------------------------------------------------------


def test_second_save_on_the_same_version_shows_both_texts_and_keeps_the_first(client, world):
    AnswerFactory(question=world.question, text="Ausgangstext")
    client.force_login(world.lead_staff)
    first = client.post(edit_url(world.question), {"text": "Fassung von Anna", "version": 1})
    assert first.status_code == 302

    client.force_login(world.lead_head)
    second = client.post(edit_url(world.question), {"text": "Fassung von Ben <b>fett</b>", "version": 1})
    assert second.status_code == 409
    content = second.content.decode()
    assert "Fassung von Anna" in content  # theirs, saved
    assert "Fassung von Ben &lt;b&gt;fett&lt;/b&gt;" in content  # yours, still in the textarea
    assert 'name="version" value="2"' in content  # saving again is a deliberate overwrite
    answer = Answer.objects.get(question=world.question)
    assert (answer.text, answer.version) == ("Fassung von Anna", 2)

    third = client.post(edit_url(world.question), {"text": "Fassung von Anna und Ben", "version": 2})
    assert third.status_code == 302
    answer.refresh_from_db()
    assert (answer.text, answer.version) == ("Fassung von Anna und Ben", 3)


def test_saving_a_locked_answer_is_refused_with_a_message(client, world, council_office):
    AnswerFactory(
        question=world.question, status=S.APPROVED, approver=council_office, approved_at=timezone.now()
    )
    client.force_login(world.lead_staff)
    response = client.post(edit_url(world.question), {"text": "Neu", "version": 1}, follow=True)
    assert "locked" in response.content.decode() or "gesperrt" in response.content.decode()
    assert Answer.objects.get().text == "Es wurden 12 Anträge gestellt."


# --- Review and approval ----------------------------------------------------------------------


def _transition(client, world, action, **extra):
    return client.post(
        reverse("responses:answer_transition", args=[world.question.pk]), {"action": action, **extra}
    )


# who: may submit, may approve / send back, may reopen
TRANSITION_MATRIX = {
    "lead_staff": (True, False, False),
    "lead_head": (True, True, False),
    "council_office": (True, True, True),
    "participating_staff": (False, False, False),
    "other_head": (False, False, False),
    "signatory": (False, False, False),
}


@pytest.mark.parametrize("who", TRANSITION_MATRIX)
def test_transition_permissions_per_role(client, world, council_office, who):
    may_submit, may_approve, may_reopen = TRANSITION_MATRIX[who]
    answer = AnswerFactory(question=world.question)
    client.force_login(_user(world, who))

    assert _transition(client, world, "submit").status_code == (302 if may_submit else 403)
    answer.refresh_from_db()
    assert answer.status == (S.IN_REVIEW if may_submit else S.DRAFT)

    force_update(Answer.objects.filter(pk=answer.pk), status=S.IN_REVIEW)
    assert _transition(client, world, "approve").status_code == (302 if may_approve else 403)
    answer.refresh_from_db()
    assert answer.status == (S.APPROVED if may_approve else S.IN_REVIEW)

    force_update(
        Answer.objects.filter(pk=answer.pk),
        status=S.APPROVED,
        approver=council_office,
        approved_at=timezone.now(),
    )
    assert _transition(client, world, "reopen").status_code == (302 if may_reopen else 403)
    answer.refresh_from_db()
    assert answer.status == (S.DRAFT if may_reopen else S.APPROVED)


def test_head_approves_and_the_answer_is_recorded_as_approved_by_them(client, world):
    AnswerFactory(question=world.question, status=S.IN_REVIEW)
    client.force_login(world.lead_head)
    response = _transition(client, world, "approve", version=1)
    assert response.status_code == 302
    answer = Answer.objects.get()
    assert (answer.status, answer.approver) == (S.APPROVED, world.lead_head)
    assert answer.history.first().history_change_reason == "approve"


def test_invalid_transition_is_refused_with_a_clear_message(client, world):
    AnswerFactory(question=world.question, status=S.DRAFT)
    client.force_login(world.lead_head)
    response = _transition(client, world, "approve")
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "alert-danger" in page
    assert Answer.objects.get().status == S.DRAFT


def test_the_council_office_reopening_a_draft_is_told_why_and_nothing_is_written(client, world):
    """The step's permission refuses it in this state; the council office, who could take it on
    an approved answer, gets the reason as a message rather than a 403."""
    answer = AnswerFactory(question=world.question, status=S.DRAFT)
    history = answer.history.count()
    client.force_login(_user(world, "council_office"))
    response = _transition(client, world, "reopen")
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "alert-danger" in page
    answer.refresh_from_db()
    assert (answer.status, answer.version, answer.history.count()) == (S.DRAFT, 1, history)


def test_a_head_reopening_an_approved_answer_is_refused_and_nothing_is_written(client, world):
    answer = AnswerFactory(
        question=world.question, status=S.APPROVED, approver=world.lead_head, approved_at=timezone.now()
    )
    history = answer.history.count()
    client.force_login(world.lead_head)
    assert _transition(client, world, "reopen").status_code == 403
    answer.refresh_from_db()
    assert (answer.status, answer.approver, answer.history.count()) == (S.APPROVED, world.lead_head, history)


def test_send_back_with_a_comment_shows_it_to_the_drafter(client, world):
    AnswerFactory(question=world.question, status=S.IN_REVIEW)
    client.force_login(world.lead_head)
    _transition(client, world, "send_back", comment="Bitte Quelle angeben")
    assert Answer.objects.get().status == S.DRAFT
    client.force_login(world.lead_staff)
    assert "Bitte Quelle angeben" in client.get(edit_url(world.question)).content.decode()


# --- Contributions ----------------------------------------------------------------------------


def test_participating_department_contributes_and_the_lead_merges(client, world):
    AnswerFactory(question=world.question, text="Sozialamt.")
    client.force_login(world.participating_staff)
    response = client.post(
        reverse("responses:contribution_add", args=[world.question.pk]),
        {"department": world.participating.pk, "text": "Kämmerei: 40.000 Euro."},
    )
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert (contribution.department, contribution.author) == (world.participating, world.participating_staff)

    merge_url = reverse("responses:contribution_merge", args=[contribution.pk])
    assert client.post(merge_url).status_code == 403  # only the lead merges

    client.force_login(world.lead_staff)
    content = client.get(edit_url(world.question)).content.decode()
    assert "Kämmerei: 40.000 Euro." in content and merge_url in content
    assert client.post(merge_url).status_code == 302
    assert Answer.objects.get().text == "Sozialamt.\n\nKämmerei: 40.000 Euro."
    contribution.refresh_from_db()
    assert contribution.is_merged


def test_contribution_on_behalf_of_a_foreign_department_is_invalid(client, world):
    client.force_login(world.participating_staff)
    response = client.post(
        reverse("responses:contribution_add", args=[world.question.pk]),
        {"department": world.lead.pk, "text": "Untergeschoben"},
    )
    assert response.status_code == 400
    assert not Contribution.objects.exists()


def test_other_department_may_not_contribute(client, world):
    client.force_login(world.other_staff)
    response = client.post(
        reverse("responses:contribution_add", args=[world.question.pk]),
        {"department": world.other.pk, "text": "x"},
    )
    assert response.status_code == 403


def test_comment_is_added(client, world):
    client.force_login(world.participating_staff)
    response = client.post(reverse("responses:comment_add", args=[world.question.pk]), {"text": "Rückfrage"})
    assert response.status_code == 302
    assert world.question.comments.get().author == world.participating_staff


# --- History ----------------------------------------------------------------------------------


def test_history_shows_who_and_a_diff(client, world):
    answer = AnswerFactory(question=world.question, text="Es gibt drei Stellen.")
    client.force_login(world.lead_staff)
    client.post(edit_url(world.question), {"text": "Es gibt vier Stellen.", "version": answer.version})
    response = client.get(reverse("responses:answer_history", args=[world.question.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    visible = re.sub(r'<span class="visually-hidden">[^<]*</span>', "", content)
    assert "<del>drei</del><ins>vier</ins>" in visible
    assert "[removed: </span>drei" in content and "[added: </span>vier" in content
    assert world.lead_staff.get_full_name() in content


def test_history_is_403_for_other_departments(client, world):
    AnswerFactory(question=world.question)
    client.force_login(world.other_staff)
    assert client.get(reverse("responses:answer_history", args=[world.question.pk])).status_code == 403


# --- Answers stay inside the administration ---------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", "chair", "council_member"])
def test_answers_are_not_on_the_inquiry_page_outside_the_administration(client, world, who):
    AnswerFactory(question=world.question, text="Geheimer Entwurf")
    if who != "anonymous":
        client.force_login(_user(world, who))
    content = client.get(world.inquiry.get_absolute_url()).content.decode()
    assert "Geheimer Entwurf" not in content
    assert edit_url(world.question) not in content
    assert 'id="progress-heading"' not in content


def test_inquiry_page_shows_progress_and_links_for_the_administration(client, world, council_office):
    AnswerFactory(
        question=world.question, status=S.APPROVED, approver=council_office, approved_at=timezone.now()
    )
    client.force_login(council_office)
    content = client.get(world.inquiry.get_absolute_url()).content.decode()
    assert 'id="progress-heading"' in content
    assert "1 / 1" in content
    assert edit_url(world.question) in content
    assert reverse("responses:interim_reply", args=[world.inquiry.pk]) in content
    assert reverse("inquiries:assign", args=[world.inquiry.pk]) in content


# --- Worklist ---------------------------------------------------------------------------------


def test_worklist_shows_the_departments_questions_by_due_date_with_marks(every_weekday, client, world):
    today = every_weekday
    assert timezone.localdate() == today
    # due yesterday is overdue, whatever day of the week yesterday was
    world.question.due_on = today - timedelta(days=1)
    world.question.save()
    soon = QuestionFactory(
        inquiry=world.inquiry, number="2", lead_department=world.other, due_on=today + timedelta(days=30)
    )
    soon.participating_departments.add(world.lead)
    QuestionFactory(inquiry=world.inquiry, number="3", lead_department=world.other, text="Nicht unsere Frage")
    client.force_login(world.lead_staff)
    response = client.get(reverse("responses:worklist"))
    assert response.status_code == 200
    lead, contributions = (list(section["page"].object_list) for section in response.context["sections"])
    # lead work and contribution requests in sections of their own
    assert lead == [world.question] and contributions == [soon]
    assert lead[0].is_overdue and not contributions[0].is_overdue
    assert "Nicht unsere Frage" not in response.content.decode()
    assert "text-overdue" in response.content.decode()


def test_worklist_filters_by_status_and_inquiry(client, world, council_office):
    other_inquiry = InquiryFactory(status=Inquiry.Status.IN_PROGRESS)
    elsewhere = QuestionFactory(inquiry=other_inquiry, lead_department=world.lead, number="1")
    AnswerFactory(question=elsewhere, status=S.IN_REVIEW)
    client.force_login(world.lead_staff)
    url = reverse("responses:worklist")
    assert list(client.get(url, {"status": "in_review"}).context["page"].object_list) == [elsewhere]
    assert list(client.get(url, {"status": "missing"}).context["page"].object_list) == [world.question]
    assert list(client.get(url, {"inquiry": world.inquiry.reference}).context["page"].object_list) == [
        world.question
    ]
    subject_words = other_inquiry.subject.split()[-1]
    assert elsewhere in client.get(url, {"inquiry": subject_words}).context["page"].object_list


def test_worklist_counts_led_and_shared_questions_once_and_drops_answered_inquiries(client, world):
    shared = QuestionFactory(inquiry=world.inquiry, number="2", lead_department=world.other)
    shared.participating_departments.add(world.lead)
    both = QuestionFactory(inquiry=world.inquiry, number="3", lead_department=world.lead)
    both.participating_departments.add(world.lead)
    client.force_login(world.lead_staff)
    context = client.get(reverse("responses:worklist")).context
    lead, contributions = (section["page"] for section in context["sections"])
    assert context["total"] == 3 and lead.paginator.count == 2 and contributions.paginator.count == 1
    assert set(lead.object_list) == {world.question, both} and list(contributions.object_list) == [shared]
    world.inquiry.status = Inquiry.Status.ANSWERED
    world.inquiry.save()
    context = client.get(reverse("responses:worklist")).context
    assert context["total"] == 0 and not any(
        list(section["page"].object_list) for section in context["sections"]
    )


def test_worklist_is_403_outside_the_departments(client, council_member, signatory):
    for user in (council_member, signatory):
        client.force_login(user)
        assert client.get(reverse("responses:worklist")).status_code == 403


def test_worklist_shows_a_returned_answer_with_its_reason(client, world):
    AnswerFactory(
        question=world.question, status=S.DRAFT, review_comment="Bitte die Zahlen für 2025 ergänzen."
    )
    client.force_login(world.lead_staff)
    content = client.get(reverse("responses:worklist")).content.decode()
    assert "returned" in content and "Bitte die Zahlen für 2025 ergänzen." in content
    editor = client.get(edit_url(world.question)).content.decode()
    assert "returned" in editor and "Returned with the reason:" in editor


def test_locked_answer_says_who_reopens_it_and_how(client, world, council_office):
    AnswerFactory(
        question=world.question, status=S.APPROVED, approver=council_office, approved_at=timezone.now()
    )
    client.force_login(world.lead_staff)
    content = client.get(edit_url(world.question)).content.decode()
    assert "Only the council office can reopen it" in content
    client.force_login(council_office)
    content = client.get(edit_url(world.question)).content.decode()
    assert "You can reopen it with" in content and 'value="reopen"' in content


def test_worklist_of_the_council_office_without_department_shows_all_assigned(client, world, council_office):
    client.force_login(council_office)
    assert list(client.get(reverse("responses:worklist")).context["page"].object_list) == [world.question]


@pytest.mark.parametrize("n", [3, 30])
def test_worklist_queries_do_not_grow(client, world, django_assert_num_queries, n):
    for i in range(n):
        question = QuestionFactory(
            inquiry=InquiryFactory(status=Inquiry.Status.IN_PROGRESS),
            lead_department=world.lead,
            number="1",
            due_on=timezone.localdate() + timedelta(days=i),
        )
        question.participating_departments.add(world.participating)
        AnswerFactory(question=question)
    client.force_login(world.lead_staff)
    # session, user, permissions (own and groups', one query), user's departments, municipality
    # (holiday state); per section (lead, contribution requests): count, page of questions
    # (+inquiry, lead, parent, answer status and the participating departments' codes as
    # columns; the contribution section is empty here: its count only)
    with django_assert_num_queries(8):
        response = client.get(reverse("responses:worklist"))
    assert response.status_code == 200


@pytest.mark.parametrize("n", [2, 20])
def test_editor_queries_do_not_grow_with_contributions(client, world, django_assert_num_queries, n):
    AnswerFactory(question=world.question)
    for i in range(n):
        Contribution.objects.create(
            question=world.question,
            department=world.participating,
            text=f"Teil {i}",
            author=world.participating_staff,
        )
        world.question.comments.create(text=f"Kommentar {i}", author=world.participating_staff)
    client.force_login(world.lead_staff)
    # session, user, question (+inquiry, lead, parent), participating departments, user
    # permissions (own and groups', one query), user's departments, answer, contributions (+department,
    # author), comments (+author), contribution form's departments (once, for rendering: a
    # required select no longer asks its first choice whether to carry `required`, see
    # inquiries.cleaning.RequiredNotInvalidMixin), the inquiry's replies (is the answer part of a
    # signed reply?), the answer's annexes; the people the user stands in for are asked only when
    # the answer is in review (may they approve as the head's deputy?)
    with django_assert_num_queries(12):
        response = client.get(edit_url(world.question))
    assert response.status_code == 200


# --- Interim reply ----------------------------------------------------------------------------


def test_council_office_sends_an_interim_reply(client, world, council_office):
    client.force_login(council_office)
    url = reverse("responses:interim_reply", args=[world.inquiry.pk])
    assert client.get(url).status_code == 200
    new_date = world.inquiry.due_on + timedelta(days=14)
    response = client.post(url, {"text": "Wir brauchen länger.", "new_expected_on": new_date.isoformat()})
    assert response.status_code == 302
    world.inquiry.refresh_from_db()
    assert world.inquiry.expected_on == new_date
    assert InterimReply.objects.get().sent_by == council_office
    content = client.get(world.inquiry.get_absolute_url()).content.decode()
    assert "Wir brauchen länger." in content


def test_interim_reply_needs_a_future_date(client, world, council_office):
    client.force_login(council_office)
    response = client.post(
        reverse("responses:interim_reply", args=[world.inquiry.pk]),
        {"text": "x", "new_expected_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 400
    assert not InterimReply.objects.exists()


@pytest.mark.parametrize("who", ["lead_staff", "lead_head", "signatory", "chair", "council_member"])
def test_interim_reply_is_403_for_everyone_but_the_council_office(client, world, who):
    client.force_login(_user(world, who))
    url = reverse("responses:interim_reply", args=[world.inquiry.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"text": "x", "new_expected_on": "2099-01-01"}).status_code == 403
    assert not InterimReply.objects.exists()


def test_worklist_row_names_the_participating_departments_in_their_order(client, world):
    later, earlier = DepartmentFactory(code="ZZ-Amt"), DepartmentFactory(code="AA-Amt")
    world.question.participating_departments.add(later, earlier)
    client.force_login(world.lead_staff)
    content = client.get(reverse("responses:worklist")).content.decode()
    assert "AA-Amt, " in content and content.index("AA-Amt") < content.index("ZZ-Amt")
