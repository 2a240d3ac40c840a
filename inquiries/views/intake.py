"""Intake: senders write and submit inquiries, letters are imported, the council office
registers what came in. Every write is a POST through a service; reads start from
`Inquiry.objects.visible_to`."""

from __future__ import annotations

from datetime import date, time

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from inquiries import permissions, services
from inquiries.forms import (
    EARLIEST_DATE,
    QUESTION_PREFIX,
    InquiryForm,
    LetterImportForm,
    QuestionFormSet,
    ReferForm,
    RegisterForm,
    WithdrawForm,
    apply_row_action,
    question_rows_from_post,
    question_rows_from_tree,
    row_action_focus,
)
from inquiries.letters import LetterError
from inquiries.models import Committee, Inquiry, Question
from inquiries.views.loading import get_rw_inquiry_for_user

PAGE_SIZE = 25


def _require_writer(request: HttpRequest) -> None:
    if not permissions.can_write_inquiries(request.user):
        raise PermissionDenied


def _own_draft(request: HttpRequest, pk: int) -> Inquiry:
    """The user's own draft; 404 for anyone else's (nobody learns that a draft exists), 403 once
    it has been submitted."""
    return get_rw_inquiry_for_user(
        request,
        pk,
        may=permissions.can_edit_draft,
        role_allows=lambda user, _inquiry: permissions.can_write_inquiries(user),
        shape=lambda inquiries: inquiries.select_related("committee", "follow_up_of"),
        submitted_by=request.user,
    )


# --- My inquiries ---------------------------------------------------------------------------


@require_safe
@login_required
def my_inquiries(request: HttpRequest) -> HttpResponse:
    """The sender's inquiries, drafts first, then the newest: their status at a glance."""
    _require_writer(request)
    inquiries = (
        Inquiry.objects.visible_to(request.user)
        .sent_by(request.user)
        .for_table()
        .with_question_count()
        .order_by("-updated_at", "-pk")
    )
    page = Paginator(inquiries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "inquiries/my_inquiries.html", {"page": page, "today": timezone.localdate()})


# --- Writing --------------------------------------------------------------------------------


def _form_page(
    request: HttpRequest,
    *,
    form: InquiryForm,
    formset,
    inquiry: Inquiry | None = None,
    letter_token: str = "",
    source_name: str = "",
    source_note: str = "",
    duplicates=(),
    status: int = 200,
    focus: tuple[int | None, str, str] = (None, "", ""),
) -> HttpResponse:
    return render(
        request,
        "inquiries/inquiry_form.html",
        {
            "form": form,
            "formset": formset,
            "inquiry": inquiry,
            "letter_token": letter_token,
            "source_name": source_name,
            "source_note": source_note,
            "duplicates": duplicates,
            "is_council_office": permissions.is_council_office(request.user),
            # after a row button: the control that gets the focus and what the status region says
            "focus_row": focus[0],
            "focus_control": focus[1],
            "row_status": focus[2],
        },
        status=status,
    )


def _question_formset(request: HttpRequest, *args, letter_token: str = "", **kwargs):
    """The question rows; answers only in the council office's review of an imported letter
    (a reply document carries the administration's answers). Nobody else can send one."""
    accepts_answers = bool(letter_token) and permissions.is_council_office(request.user)
    return QuestionFormSet(
        *args, prefix=QUESTION_PREFIX, form_kwargs={"accepts_answers": accepts_answers}, **kwargs
    )


def _handle_form_post(request: HttpRequest, inquiry: Inquiry | None) -> HttpResponse:
    """The write form's buttons: a row action re-renders with the data kept; "save", "preview"
    and (council office) "receive" save through `services.save_inquiry`."""
    form = InquiryForm(request.POST, user=request.user)
    action = request.POST.get("action", "")
    letter_token = request.POST.get("letter", "") if inquiry is None else ""
    rows = apply_row_action(question_rows_from_post(request.POST), action)
    if rows is not None:
        # re-render: the inquiry fields as posted, the rows as rearranged
        formset = _question_formset(request, initial=rows, letter_token=letter_token)
        form = InquiryForm(initial=_posted_fields(request), user=request.user)
        focus = row_action_focus(rows, action)
        return _form_page(
            request, form=form, formset=formset, inquiry=inquiry, letter_token=letter_token, focus=focus
        )

    formset = _question_formset(request, request.POST, letter_token=letter_token)
    receive = action == "receive" and inquiry is None and permissions.is_council_office(request.user)
    source = None
    if form.is_valid() and formset.is_valid():
        if receive and not formset.questions:
            form.add_error(None, _("Add at least one question."))
        if letter_token:
            try:
                source, stash_paths = services.unstash_letter(letter_token, by=request.user)
            except LetterError as exc:
                form.add_error(None, str(exc))
    if form.errors or not formset.is_valid():
        messages.error(request, _("Please correct the marked fields."))
        return _form_page(
            request, form=form, formset=formset, inquiry=inquiry, letter_token=letter_token, status=400
        )

    status = Inquiry.Status.SUBMITTED if receive else Inquiry.Status.DRAFT
    saved = services.save_inquiry(
        inquiry,
        fields=form.cleaned_data,
        questions=formset.questions,
        by=request.user,
        status=status,
        source=source,
        # answers only from the council office's import of a reply document
        with_answers=source is not None and permissions.is_council_office(request.user),
    )
    if source is not None:
        services.discard_letter(stash_paths)
    if receive:
        messages.success(request, _("The letter has been entered. Now register it."))
        return redirect("inquiries:register", saved.pk)
    if action == "preview":
        return redirect(saved)
    messages.success(request, _("Draft saved."))
    return redirect("inquiries:edit", saved.pk)


def _posted_fields(request: HttpRequest) -> dict:
    fields = {name: request.POST.get(name, "") for name in InquiryForm.base_fields}
    fields["is_public"] = bool(request.POST.get("is_public"))
    return fields


@login_required
def inquiry_create(request: HttpRequest) -> HttpResponse:
    _require_writer(request)
    if request.method == "POST":
        return _handle_form_post(request, None)
    initial = {"sender_name": request.user.get_full_name(), "is_public": True}
    committees = list(Committee.objects.writable_by(request.user)[:2])
    if len(committees) == 1:
        initial["committee"] = committees[0].pk
    formset = _question_formset(request, initial=[{"level": "0"}])
    return _form_page(request, form=InquiryForm(initial=initial, user=request.user), formset=formset)


@login_required
def inquiry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_writer(request)
    inquiry = _own_draft(request, pk)
    if request.method == "POST":
        return _handle_form_post(request, inquiry)
    initial = {name: getattr(inquiry, name) for name in services.INQUIRY_WRITE_FIELDS}
    initial["committee"] = inquiry.committee_id
    questions = services.question_tree(list(Question.objects.filter(inquiry=inquiry)))
    formset = _question_formset(request, initial=question_rows_from_tree(questions))
    return _form_page(
        request, form=InquiryForm(initial=initial, user=request.user), formset=formset, inquiry=inquiry
    )


@require_POST
@login_required
def inquiry_submit(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = _own_draft(request, pk)
    try:
        services.submit_inquiry(inquiry, by=request.user)
    except services.InvalidTransition as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Your inquiry has been submitted to the administration."))
    return redirect(inquiry)


@require_POST
@login_required
def inquiry_delete(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = _own_draft(request, pk)
    services.delete_draft(inquiry, by=request.user)
    messages.success(request, _("Draft deleted."))
    return redirect("inquiries:mine")


@require_POST
@login_required
def inquiry_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = get_rw_inquiry_for_user(
        request,
        pk,
        may=lambda user, inquiry: permissions.can_withdraw_inquiry(user, inquiry, reply_signed=False),
        role_allows=lambda user, inquiry: (
            inquiry.submitted_by_id == user.pk or permissions.is_council_office(user)
        ),
    )
    form = WithdrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.withdraw_inquiry(inquiry, by=request.user, reason=reason)
    except services.InvalidTransition as exc:
        messages.error(request, str(exc))
        return redirect(inquiry)
    messages.success(request, _("The inquiry has been withdrawn."))
    return redirect(inquiry)


@require_POST
@login_required
def inquiry_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    original = get_rw_inquiry_for_user(
        request,
        pk,
        may=permissions.can_follow_up_inquiry,
        role_allows=lambda user, _inquiry: permissions.is_council_office(user),
        shape=lambda inquiries: inquiries.select_related("committee"),
    )
    follow_up = services.create_follow_up(original, by=request.user)
    messages.success(request, _("Write your follow-up inquiry; it is linked to the original."))
    return redirect("inquiries:edit", follow_up.pk)


# --- Importing a letter ---------------------------------------------------------------------


def _guess_committee(request: HttpRequest, parsed) -> int | None:
    """The committee named in the sender's role or the addressee ("Vorsitzende des
    Integrationsausschusses"), else the only one the user writes for."""
    committees = list(Committee.objects.writable_by(request.user).only("pk", "name"))
    haystack = f"{parsed.sender_role} {parsed.addressee}".lower()
    named = [c for c in committees if c.name.lower() in haystack]
    if len(named) == 1:
        return named[0].pk
    return committees[0].pk if len(committees) == 1 else None


@login_required
def letter_import(request: HttpRequest) -> HttpResponse:
    """Step 1: paste or upload a letter. A readable letter goes on to the write form, pre-filled
    for review; the upload waits on the server under a signed token until it is saved."""
    _require_writer(request)
    if request.method != "POST":
        return render(request, "inquiries/letter_import.html", {"form": LetterImportForm()})
    form = LetterImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "inquiries/letter_import.html", {"form": form}, status=400)
    parsed, name, letter_text = (
        form.cleaned_data["parsed"],
        form.cleaned_data["name"],
        form.cleaned_data["text"],
    )
    token = services.stash_letter(form.cleaned_data["data"], name=name, text=letter_text, by=request.user)
    initial = services.letter_fields(parsed)
    initial["committee"] = _guess_committee(request, parsed)
    office = permissions.is_council_office(request.user)
    formset = _question_formset(
        request,
        initial=question_rows_from_tree(services.unique_numbers(parsed.questions), with_answers=office),
        letter_token=token,
    )
    form = InquiryForm(initial=initial, user=request.user)
    # each doubt on the field or row it is about; the rest on the page
    form.mark_uncertain(
        {services.LETTER_FIELDS.get(key, key): texts for key, texts in parsed.field_doubts.items()}
    )
    messages.info(request, _("Check the extracted inquiry and correct it where needed before saving."))
    for doubt in parsed.page_doubts():
        messages.warning(request, doubt)
    duplicates = list(
        services.duplicate_letters(request.user, text=letter_text, reference=parsed.reference)[:5]
    )
    return _form_page(
        request,
        form=form,
        formset=formset,
        letter_token=token,
        source_name=name,
        source_note=parsed.source_note,
        duplicates=duplicates,
    )


@require_safe
@login_required
def inquiry_source(request: HttpRequest, pk: int) -> FileResponse:
    """The original letter, for those who may see the inquiry and work on it: the administration
    and its sender."""
    inquiry = get_rw_inquiry_for_user(
        request,
        pk,
        may=lambda user, inquiry: permissions.is_administration(user) or inquiry.submitted_by_id == user.pk,
    )
    if not inquiry.source_file:
        raise Http404
    return FileResponse(
        inquiry.source_file.open("rb"), as_attachment=True, filename=inquiry.source_name or None
    )


# --- Registration ---------------------------------------------------------------------------


def _received_on(request: HttpRequest) -> date:
    """The date received to compute the deadline for: as entered if it is a possible one (the
    form says what is wrong with any other), else today."""
    raw = request.POST.get("received_on") or request.GET.get("received_on")
    today = timezone.localdate()
    try:
        value = forms.DateField().clean(raw) if raw else today
    except forms.ValidationError:
        return today
    return value if EARLIEST_DATE <= value <= today else today


def _received_time(request: HttpRequest) -> time | None:
    raw = request.POST.get("received_time") or request.GET.get("received_time")
    try:
        return forms.TimeField().clean(raw) if raw else None
    except forms.ValidationError:
        return None


def _classification(request: HttpRequest, inquiry: Inquiry) -> str:
    raw = request.POST.get("classification") or request.GET.get("classification")
    return raw if raw in Inquiry.Classification.values else inquiry.classification


@login_required
def inquiry_register(request: HttpRequest, pk: int) -> HttpResponse:
    """Reference, date received and deadline: the rules' deadline is shown with its reason; the
    council office confirms it or sets another with a reason. "Recompute" shows the deadline for
    another date received (no JavaScript needed)."""
    inquiry = get_rw_inquiry_for_user(
        request,
        pk,
        may=permissions.can_register_inquiry,
        role_allows=lambda user, _inquiry: permissions.is_council_office(user),
        shape=lambda inquiries: inquiries.select_related("committee__rules_of_procedure"),
    )
    received_on, received_time = _received_on(request), _received_time(request)
    classification = _classification(request, inquiry)
    _kind, computed = services.determine_deadline(
        inquiry, received_on=received_on, received_time=received_time, classification=classification
    )
    initial = {
        "received_on": received_on,
        "received_time": received_time,
        "classification": classification,
        "classification_reason": request.POST.get("classification_reason", inquiry.classification_reason),
        "due_on": computed.due_on,
    }
    if request.method == "POST" and "register" in request.POST:
        form = RegisterForm(request.POST, computed_due_on=computed.due_on)
        if form.is_valid():
            data = form.cleaned_data
            try:
                inquiry = services.register_inquiry(
                    inquiry,
                    received_on=data["received_on"],
                    received_time=data["received_time"],
                    classification=data["classification"],
                    classification_reason=data["classification_reason"].strip(),
                    by=request.user,
                    due_on=data["due_on"],
                    correction_reason=data["correction_reason"].strip(),
                    reference=data["reference"],
                )
            except services.ReferenceTaken as exc:
                form.add_error("reference", str(exc))
            except services.InvalidTransition:
                # someone registered it a moment earlier
                inquiry.refresh_from_db()
                messages.info(
                    request,
                    _("This inquiry has just been registered by someone else (%(reference)s).")
                    % {"reference": inquiry.reference or "–"},
                )
                return redirect(inquiry)
            else:
                messages.success(
                    request,
                    _("Registered as %(reference)s; the sender is told by e-mail.")
                    % {"reference": inquiry.reference},
                )
                return redirect(inquiry)
        status = 400
    else:
        # "Recompute" replaces the deadline with the rules' one for the new date; a reason the
        # office typed stays
        initial["correction_reason"] = request.POST.get("correction_reason", "")
        form = RegisterForm(initial=initial, computed_due_on=computed.due_on)
        status = 200
    questions = services.question_tree(list(Question.objects.filter(inquiry=inquiry)))
    return render(
        request,
        "inquiries/inquiry_register.html",
        {"inquiry": inquiry, "form": form, "computed": computed, "questions": questions},
        status=status,
    )


@require_POST
@login_required
def inquiry_refer(request: HttpRequest, pk: int) -> HttpResponse:
    """The answer was not possible at short notice in a meeting: the deadline follows the rules
    for that case (the next meeting, or a period after this one)."""
    inquiry = get_rw_inquiry_for_user(
        request,
        pk,
        may=permissions.can_refer_to_next_meeting,
        shape=lambda inquiries: inquiries.select_related("committee"),
    )
    form = ReferForm(request.POST, inquiry=inquiry)
    if not form.is_valid():
        messages.error(request, _("Choose the meeting in which the answer was not possible."))
        return redirect(inquiry)
    try:
        inquiry = services.refer_to_next_meeting(
            inquiry, meeting=form.cleaned_data["meeting"], by=request.user
        )
    except services.InvalidTransition as exc:
        messages.error(request, str(exc))
        return redirect(inquiry)
    messages.success(
        request, _("The deadline is now %(due_on)s.") % {"due_on": inquiry.due_on.strftime("%d.%m.%Y")}
    )
    return redirect(inquiry)


def awaiting_registration(user) -> QuerySet[Inquiry]:
    """Submitted inquiries the council office has not registered yet, oldest first (for the inbox)."""
    return (
        Inquiry.objects.visible_to(user)
        .awaiting_registration()
        .select_related("committee")
        .with_question_count()
        .order_by("submitted_on", "pk")
    )


__all__ = [
    "awaiting_registration",
    "inquiry_create",
    "inquiry_delete",
    "inquiry_edit",
    "inquiry_follow_up",
    "inquiry_refer",
    "inquiry_register",
    "inquiry_source",
    "inquiry_submit",
    "inquiry_withdraw",
    "letter_import",
    "my_inquiries",
]
