from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import F, OuterRef, Q, StringAgg, Subquery, Value
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from inquiries import permissions as inquiry_permissions
from inquiries.deadlines import due_state
from inquiries.models import Department, Question
from inquiries.pagination import CappedPaginator
from inquiries.services import deadline_rules
from inquiries.views.loading import get_rw_inquiry_for_user
from responses import permissions, services
from responses.forms import (
    AnnexForm,
    AnswerForm,
    CommentForm,
    ContributionForm,
    InterimReplyForm,
    WorklistFilterForm,
)
from responses.loading import get_question_for_user, get_rw_question_for_user
from responses.markup import render_markup
from responses.models import Answer, Contribution, InterimReply, ReplyAnswer, work_questions

PAGE_SIZE = 25
# each section counts up to this many questions ("more than 1,000"): an exact count read every
# open question of the department, which grows with the years of data
WORKLIST_COUNT_CAP = 1_000
# a worklist row: the question's number, text and due date (the position, the order's
# tie-break); what it shows of its inquiry, parent and lead department comes as columns
# (`WORKLIST_COLUMNS`): building three related model instances per row cost more than the query
WORKLIST_FIELDS = (
    *("pk", "inquiry", "parent", "number", "text", "position", "lead_department", "due_on"),
    "is_answered_by_sub_questions",
)
WORKLIST_COLUMNS = {
    "inquiry_reference": F("inquiry__reference"),
    "inquiry_subject": F("inquiry__subject"),
    "lead_department_code": F("lead_department__code"),
    "parent_number": F("parent__number"),
}


# --- Worklist --------------------------------------------------------------------------------


@require_safe
@login_required
def worklist(request: HttpRequest) -> HttpResponse:
    """ "Our questions": every open question of the user's departments (lead or participating),
    by internal due date; the council office without a department sees all assigned ones."""
    user = request.user
    if not permissions.works_on_answers(user):
        raise PermissionDenied
    questions = work_questions().open_visible_to(user)

    filter_form = WorklistFilterForm(request.GET or None)
    if filter_form.is_bound and filter_form.is_valid():
        status = filter_form.cleaned_data["status"]
        if status == "missing":
            questions = questions.filter(answer__isnull=True)
        elif status:
            questions = questions.filter(answer__status=status)
        if text := filter_form.cleaned_data["inquiry"].strip():
            questions = questions.filter(
                Q(inquiry__reference__icontains=text) | Q(inquiry__subject__icontains=text)
            )

    # narrow rows, only what a row shows: building 25 full questions with their inquiries cost
    # more than the query itself; the columns only on the page's rows, so that the count
    # joins nothing (it reads `question_open_lead_due` alone)
    columns = {**WORKLIST_COLUMNS, "participating_codes_joined": _participating_codes()}
    if inquiry_permissions.is_administration(user):
        # the answer's status and a returned answer's reason (the administration's, as on the
        # inquiry page): a join on the reverse one-to-one, not a query of its own
        columns.update(answer_status=F("answer__status"), returned_reason=F("answer__review_comment"))
    department_ids = inquiry_permissions.user_department_ids(user)
    if department_ids:
        # lead work and contribution requests apart: different work, different urgency
        parts = [
            (
                "lead",
                _("Our lead questions"),
                questions.led(user),
                "page",
            ),
            (
                "contributions",
                _("Contribution requests"),
                questions.taking_part(user),
                "cpage",
            ),
        ]
    else:
        parts = [("all", _("Assigned questions"), questions.worklist(user), "page")]
    today = timezone.localdate()
    calendar = deadline_rules().calendar  # the rules' holidays count, the town's own too
    sections = []
    for key, title, part, page_param in parts:
        part = part.order_by(
            F("due_on").asc(nulls_last=True), "inquiry__due_on", "inquiry_id", "position", "pk"
        )
        number = request.GET.get(page_param)
        page = CappedPaginator(part, PAGE_SIZE, cap=WORKLIST_COUNT_CAP, number=number).get_page(number)
        page.object_list = (
            list(part.only(*WORKLIST_FIELDS).annotate(**columns)[page.start_index() - 1 : page.end_index()])
            if page.paginator.count
            else []
        )
        _add_participating_codes(page.object_list)
        for question in page.object_list:
            _annotate_due(question, today, calendar)
        query = request.GET.copy()
        query.pop(page_param, None)
        sections.append(
            {
                "key": key,
                "title": title,
                "page": page,
                "page_param": page_param,
                "query_string": query.urlencode(),
            }
        )
    return render(
        request,
        "responses/worklist.html",
        {
            "sections": sections,
            "page": sections[0]["page"],
            # the exact total, or (when a section is capped) the lower bound it is "more than"
            "total": sum(section["page"].paginator.shown_count for section in sections),
            "total_is_capped": any(section["page"].paginator.is_capped for section in sections),
            "filter_form": filter_form,
            "today": today,
        },
    )


# between the codes of one row's departments (a code never holds it)
_CODE_SEPARATOR = "\x1f"


def _participating_codes() -> Subquery:
    """The codes of the departments taking part in the row's question, joined, in the
    departments' order: a column of the page's query (a query of its own cost as much CPU as
    the page's rows). SQLite before 3.44 cannot order inside an aggregate: there the codes are
    sorted in Python (`_add_participating_codes`), as SQLite's own ORDER BY would (binary)."""
    ordered = connection.features.supports_aggregate_order_by_clause
    codes = (
        Question.participating_departments.through.objects.filter(question_id=OuterRef("pk"))
        .order_by()
        .values("question_id")
        .annotate(
            codes=StringAgg(
                "department__code",
                Value(_CODE_SEPARATOR),
                order_by=[f"department__{name}" for name in Department._meta.ordering] if ordered else None,
            )
        )
        .values("codes")
    )
    return Subquery(codes)


def _add_participating_codes(questions: list[Question]) -> None:
    """`participating_codes`: the list of the joined codes (`_participating_codes`)."""
    ordered = connection.features.supports_aggregate_order_by_clause
    for question in questions:
        codes = (
            question.participating_codes_joined.split(_CODE_SEPARATOR)
            if question.participating_codes_joined
            else []
        )
        question.participating_codes = codes if ordered else sorted(codes)


def _annotate_due(question: Question, today, calendar) -> None:
    """The worklist row's state: answer status, returned (with the reason), overdue, due soon."""
    question.answer_status = getattr(question, "answer_status", None)
    question.returned_reason = (
        (getattr(question, "returned_reason", None) or "")
        if question.answer_status == Answer.Status.DRAFT
        else ""
    )
    done = question.answer_status == Answer.Status.APPROVED or not question.needs_answer
    state = due_state(question.due_on, today=today, calendar=calendar, done=done)
    question.days_left, question.is_overdue, question.is_due_soon = (
        state.days_left,
        state.is_overdue,
        state.is_due_soon,
    )


# --- The answer editor -----------------------------------------------------------------------


def _get_answer(request: HttpRequest, question: Question) -> Answer:
    answer = (
        Answer.objects.visible_to(request.user)
        .filter(question=question)
        .select_related("author", "approver")
        .first()
    )
    if answer is None:
        return services.answer_for(question)
    answer.question = question  # the one loaded with its departments: the predicates read them
    return answer


def _contribution_departments(user, question: Question):
    ids = question.department_ids()
    if not permissions.edits_any_answer(user):
        ids &= inquiry_permissions.user_department_ids(user)
    return Department.objects.filter(pk__in=ids)


def _render_editor(request: HttpRequest, question: Question, *, status: int = 200, **context) -> HttpResponse:
    user = request.user
    answer = context.pop("answer", None) or _get_answer(request, question)
    # part of a signed reply: nobody changes it any more (the services refuse it anyway)
    reply_locked = services.answers_locked_by_reply(question.inquiry_id)
    can_edit = permissions.can_edit_answer(user, question) and not answer.is_locked and not reply_locked
    can_contribute = permissions.can_contribute(user, question) and not answer.is_locked and not reply_locked
    form = context.pop("form", None) or AnswerForm(
        question=question, initial={"text": answer.text, "version": answer.version}
    )
    contribution_form = context.pop("contribution_form", None)
    if contribution_form is None and can_contribute:
        contribution_form = ContributionForm(
            question=question, departments=_contribution_departments(user, question)
        )
    # the steps the user may take now; approving one's own text is refused (four eyes)
    transitions = [
        t
        for t in services.TRANSITIONS.values()
        if not reply_locked
        and t.permitted(user, answer)
        and not (t.action == "approve" and services.author_may_not_approve(answer, user))
    ]
    has_sub_questions = question.has_sub_questions
    return render(
        request,
        "responses/answer_edit.html",
        {
            "question": question,
            "inquiry": question.inquiry,
            "answer": answer,
            "rendered": render_markup(answer.text),
            "form": form,
            "can_edit": can_edit,
            # every action on this page is a submit button of one form: the editor's when the
            # user can edit (so that the typed text travels with the action and is saved
            # first), else a form of its own with the version the user saw
            "action_form": "answer-form" if can_edit else "answer-actions",
            "can_merge": permissions.can_edit_answer(user, question)
            and not answer.is_locked
            and not reply_locked,
            "reply_locked": reply_locked,
            "can_reopen": services.TRANSITIONS["reopen"].permitted(user, answer),
            "has_sub_questions": has_sub_questions,
            "can_mark_answered_by_sub_questions": has_sub_questions
            and not reply_locked
            and permissions.can_mark_answered_by_sub_questions(user),
            "contribution_form": contribution_form,
            "comment_form": context.pop("comment_form", None) or CommentForm(question=question),
            "contributions": list(question.contributions.select_related("department", "author")),
            "comments": list(question.comments.select_related("author")),
            "transitions": transitions,
            # annexes change with the answer's text: while it can be edited
            "annexes": list(answer.annexes.all()) if answer.pk else [],
            "annex_form": AnnexForm(prefix="annex") if can_edit else None,
            **context,
        },
        status=status,
    )


def _conflict_response(
    request: HttpRequest, question: Question, conflict: services.AnswerConflict, text: str
) -> HttpResponse:
    """The editor with the saved text beside the user's, which stays in the textarea, based on
    the version now saved: saving again is a deliberate decision after seeing both texts."""
    messages.error(request, conflict.message)
    form = AnswerForm(question=question, initial={"text": text, "version": conflict.current_version})
    return _render_editor(
        request,
        question,
        form=form,
        conflict=conflict,
        conflict_diff=services.word_diff(conflict.current_text, text),
        status=409,
    )


def _save_typed_text(
    request: HttpRequest, question: Question, answer: Answer
) -> tuple[Answer, int | None, HttpResponse | None]:
    """Every action of the answer editor (review steps, merging a contribution, the council
    office's mark) is a submit button of the editor's form, so the text in the editor comes
    with it. Typed text is saved first, with the optimistic lock of `services.save_answer`;
    if that is refused, the action is not taken and the editor shows again with the typed text
    (and, after a conflict, the other version beside it).

    Returns (answer, version the user has seen, None) to go on, or (answer, None, response)."""
    try:
        base_version = int(request.POST["version"]) if request.POST.get("version") else None
    except ValueError:
        base_version = None
    if "text" not in request.POST:  # the user could not edit: only the version they saw
        return answer, base_version, None
    if not permissions.can_edit_answer(request.user, question):
        raise PermissionDenied
    form = AnswerForm(request.POST, question=question)
    if not form.is_valid():
        return answer, None, _render_editor(request, question, answer=answer, form=form, status=400)
    text = form.cleaned_data["text"]
    if services.normalize_answer_text(text) == answer.text:
        # nothing typed (or exactly what is saved): the user has seen the current text
        return answer, answer.version, None
    try:
        answer = services.save_answer(
            answer, text=text, base_version=form.cleaned_data["version"], by=request.user
        )
    except services.AnswerConflict as conflict:
        return answer, None, _conflict_response(request, question, conflict, text)
    except services.AnswerError as error:
        messages.error(request, error.message)
        form = AnswerForm(question=question, initial={"text": text, "version": form.cleaned_data["version"]})
        return answer, None, _render_editor(request, question, form=form, status=409)
    messages.success(request, _("Answer saved."))
    return answer, answer.version, None


@login_required
def answer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method != "POST":
        return _render_editor(request, get_question_for_user(request, pk))
    question = get_rw_question_for_user(request, pk, may=permissions.can_edit_answer)
    answer = _get_answer(request, question)
    form = AnswerForm(request.POST, question=question)
    if not form.is_valid():
        return _render_editor(request, question, answer=answer, form=form, status=400)
    try:
        services.save_answer(
            answer, text=form.cleaned_data["text"], base_version=form.cleaned_data["version"], by=request.user
        )
    except services.AnswerConflict as conflict:
        return _conflict_response(request, question, conflict, form.cleaned_data["text"])
    except services.AnswerError as error:
        messages.error(request, error.message)
        return redirect("responses:answer_edit", pk=question.pk)
    messages.success(request, _("Answer saved."))
    return redirect("responses:answer_edit", pk=question.pk)


@require_POST
@login_required
def answer_transition(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_question_for_user(request, pk)
    answer = _get_answer(request, question)
    action = request.POST.get("action", "")
    transition = services.TRANSITIONS.get(action)
    # A step the answer's state does not allow is refused by the service with a message that
    # says so (everyone here sees the editor and the answer's state); a step the state allows,
    # asked for by someone who may not take it, is a 403.
    if transition is not None and answer.status == transition.source:
        if not transition.permitted(request.user, answer):
            raise PermissionDenied
    answer, base_version, refused = _save_typed_text(request, question, answer)
    if refused:
        return refused
    try:
        answer = services.transition_answer(
            answer,
            action,
            by=request.user,
            comment=request.POST.get("comment", ""),
            base_version=base_version,
        )
    except services.AnswerError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The answer is now: %(status)s.") % {"status": answer.get_status_display()}
        )
    return redirect("responses:answer_edit", pk=question.pk)


@require_POST
@login_required
def question_answered_by_sub_questions(request: HttpRequest, pk: int) -> HttpResponse:
    """The council office marks a question as answered by its sub-questions (`answered=1`) or
    as needing its own answer again (`answered=0`)."""
    question = get_rw_question_for_user(
        request, pk, may=lambda user, _question: permissions.can_mark_answered_by_sub_questions(user)
    )
    _answer, _version, refused = _save_typed_text(request, question, _get_answer(request, question))
    if refused:
        return refused
    answered = request.POST.get("answered") == "1"
    try:
        services.set_answered_by_sub_questions(question, answered=answered, by=request.user)
    except services.AnswerError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The question is answered by its sub-questions; it needs no answer of its own.")
            if answered
            else _("The question needs an answer of its own again."),
        )
    return redirect("responses:answer_edit", pk=question.pk)


@require_safe
@login_required
def answer_history(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_question_for_user(request, pk)
    answer = Answer.objects.visible_to(request.user).filter(question=question).first()
    versions = services.answer_versions(answer) if answer else []
    return render(
        request,
        "responses/answer_history.html",
        {"question": question, "inquiry": question.inquiry, "answer": answer, "versions": versions},
    )


@require_POST
@login_required
def contribution_add(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_rw_question_for_user(request, pk, may=permissions.can_contribute)
    form = ContributionForm(
        request.POST, question=question, departments=_contribution_departments(request.user, question)
    )
    if not form.is_valid():
        return _render_editor(request, question, contribution_form=form, status=400)
    services.add_contribution(
        question, department=form.cleaned_data["department"], text=form.cleaned_data["text"], by=request.user
    )
    messages.success(request, _("Contribution added."))
    return redirect(reverse("responses:answer_edit", args=[question.pk]) + "#contributions")


@require_POST
@login_required
def contribution_merge(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = get_object_or_404(Contribution, pk=pk)
    # merging writes the answer's text: the drafters' step
    question = get_rw_question_for_user(request, contribution.question_id, may=permissions.can_edit_answer)
    _answer, _version, refused = _save_typed_text(request, question, _get_answer(request, question))
    if refused:
        return refused
    try:
        services.merge_contribution(contribution, by=request.user)
    except services.AnswerError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Contribution merged into the draft."))
    return redirect("responses:answer_edit", pk=question.pk)


@require_POST
@login_required
def answer_copy(request: HttpRequest, pk: int) -> HttpResponse:
    """One click in "Asked before?": an earlier answer, as it was sent and as the user may read
    it, becomes the starting point of this draft. A submit button of the editor's form, so the
    typed text is saved first and the copy is based on the version the user saw."""
    question = get_rw_question_for_user(request, pk, may=permissions.can_edit_answer)
    source_pk = request.POST.get("source", "")
    if not source_pk.isdigit():
        messages.error(request, _("Choose the earlier answer to copy."))
        return redirect("responses:answer_edit", pk=question.pk)
    # an answer the user may not read is one that does not exist for them
    source = get_object_or_404(
        ReplyAnswer.objects.visible_to(request.user).select_related("question__inquiry", "question__parent"),
        pk=source_pk,
    )
    answer, base_version, refused = _save_typed_text(request, question, _get_answer(request, question))
    if refused:
        return refused
    try:
        services.copy_earlier_answer(answer, source=source, base_version=base_version, by=request.user)
    except services.AnswerConflict as conflict:
        return _conflict_response(request, question, conflict, conflict.current_text)
    except services.AnswerError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The earlier answer is now in the draft; adapt it before submitting."))
    return redirect("responses:answer_edit", pk=question.pk)


@require_POST
@login_required
def comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_question_for_user(request, pk)
    form = CommentForm(request.POST, question=question)
    if not form.is_valid():
        return _render_editor(request, question, comment_form=form, status=400)
    services.add_comment(question, text=form.cleaned_data["text"], by=request.user)
    messages.success(request, _("Comment added."))
    return redirect(reverse("responses:answer_edit", args=[question.pk]) + "#comments")


# --- Interim reply ---------------------------------------------------------------------------


@login_required
def interim_reply(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = get_rw_inquiry_for_user(
        request,
        pk,
        may=inquiry_permissions.can_send_interim_reply,
        role_allows=lambda user, _inquiry: inquiry_permissions.is_council_office(user),
        shape=lambda inquiries: inquiries.select_related("committee", "committee__chair", "submitted_by"),
    )
    form = InterimReplyForm(request.POST or None, inquiry=inquiry)
    if request.method == "POST" and form.is_valid():
        services.send_interim_reply(inquiry, by=request.user, **form.cleaned_data)
        messages.success(request, _("Interim reply sent; the new expected date applies from now on."))
        return redirect(inquiry)
    return render(
        request,
        "responses/interim_reply.html",
        {
            "inquiry": inquiry,
            "form": form,
            "earlier": InterimReply.objects.filter(inquiry=inquiry).select_related("sent_by"),
            "today": timezone.localdate(),
        },
        status=400 if request.method == "POST" else 200,
    )
