"""The reply: the administration composes, previews, signs and sends it; anyone verifies a
signed PDF; readers download it once sent.

Reading starts from `Reply.objects.visible_to(user)`; the administration's pages also need
`permissions.can_preview_reply` (everyone else gets 404: drafts do not exist for them). The
workflow's rules are checked by the services, under a row lock.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from inquiries.views.loading import get_inquiry_for_user
from responses import permissions, services
from responses.forms import AnnexForm, ReplyForm, VerifyForm
from responses.models import Reply


def _replies(request: HttpRequest):
    return Reply.objects.visible_to(request.user).select_related(*services.REPLY_LETTER_RELATED, "signed_by")


def _admin_reply(request: HttpRequest, pk: int) -> Reply:
    """404 unless the user is in the administration and sees the reply's inquiry."""
    if not permissions.can_preview_reply(request.user):
        raise Http404
    return get_object_or_404(_replies(request), pk=pk)


def _reply_for(request: HttpRequest, pk: int, allowed) -> Reply:
    """404 if the user may not see the reply, 403 if they see it but may not do this."""
    reply = get_object_or_404(_replies(request), pk=pk)
    if not allowed(request.user):
        raise PermissionDenied
    return reply


@login_required
def reply_start(request: HttpRequest, pk: int) -> HttpResponse:
    """From the inquiry to its reply: the one being composed, else the last one. Without a
    reply, the council office is offered to start one; starting it (POST) creates the main
    reply with its defaults (idempotent). A GET never creates anything."""
    inquiry = get_inquiry_for_user(request, pk)
    if not permissions.can_preview_reply(request.user):
        raise Http404
    reply = services.current_reply(inquiry)
    if reply is not None:
        return redirect("responses:reply_compose", pk=reply.pk)
    if not permissions.can_compose_reply(request.user):
        if request.method == "POST":
            raise PermissionDenied
        messages.info(request, _("The council office has not started the reply yet."))
        return redirect(inquiry)
    if request.method != "POST":
        return render(request, "responses/reply_start.html", {"inquiry": inquiry})
    try:
        reply = services.get_or_create_reply(inquiry, by=request.user)
    except services.ReplyError as error:
        messages.error(request, error.message)
        return redirect(inquiry)
    return redirect("responses:reply_compose", pk=reply.pk)


def _letter_context(reply: Reply) -> dict:
    from responses.pdf import reply_context

    return reply_context(services.reply_document(reply, draft=not reply.is_final, demo_certificate=False))


@login_required
def reply_compose(request: HttpRequest, pk: int) -> HttpResponse:
    """The reply's page: the letter's texts (council office), its state and next step, and a
    preview of the letter as it will be printed."""
    reply = _admin_reply(request, pk)
    if request.method == "POST":
        if not permissions.can_compose_reply(request.user, reply):
            if permissions.can_compose_reply(request.user):  # the office, at a signed reply
                raise PermissionDenied(_("This reply is signed and can no longer change."))
            raise PermissionDenied
        reply, refused = _save_typed_letter(request, reply, always=True)
        return refused or redirect("responses:reply_compose", pk=reply.pk)
    form = ReplyForm(instance=reply) if permissions.can_compose_reply(request.user, reply) else None
    return _render_compose(request, reply, form=form)


def _render_compose(request: HttpRequest, reply: Reply, *, form: ReplyForm | None, status: int = 200):
    user = request.user
    can_compose = permissions.can_compose_reply(user, reply)
    progress = services.inquiry_progress(reply.inquiry)
    siblings = list(Reply.objects.filter(inquiry_id=reply.inquiry_id).order_by("created_at", "pk"))
    has_open = any(not sibling.is_final for sibling in siblings)
    return render(
        request,
        "responses/reply_compose.html",
        {
            "reply": reply,
            "inquiry": reply.inquiry,
            "form": form,
            # the next step's buttons submit the letter's form where there is one, so that
            # typed text is saved first (`_save_typed_letter`)
            "action_form": "reply-form" if form is not None else "",
            "progress": progress,
            "siblings": siblings,
            "can_mark_ready": can_compose and reply.status == Reply.Status.DRAFT and progress["all_approved"],
            "can_reopen": can_compose and reply.status == Reply.Status.READY,
            "can_sign": reply.status == Reply.Status.READY and permissions.can_sign_reply(user),
            "can_send": permissions.can_send_reply(user) and reply.status == Reply.Status.SIGNED,
            "can_supplement": permissions.can_compose_reply(user) and reply.is_final and not has_open,
            # the reply's own annexes (the answers' come with them and are listed in the letter)
            "annexes": list(reply.own_annexes.all()),
            "annex_form": AnnexForm(prefix="annex") if can_compose else None,
            **({} if reply.is_final else _letter_context(reply)),
        },
        status=status,
    )


def _save_typed_letter(
    request: HttpRequest, reply: Reply, *, always: bool = False
) -> tuple[Reply, HttpResponse | None]:
    """Save the letter's texts when the request carries them: "Save letter" itself, and every
    next step taken from the page while the letter's form is there (its buttons submit that
    form). Refused (invalid or no longer changeable), the step is not taken and the page shows
    again with the typed texts kept. Returns (reply, None) to go on, or (reply, response)."""
    if not always and not any(name in request.POST for name in services.COMPOSE_FIELDS):
        return reply, None
    if not permissions.can_compose_reply(request.user):
        raise PermissionDenied
    form = ReplyForm(request.POST, instance=Reply.objects.get(pk=reply.pk))
    if not form.is_valid():
        return reply, _render_compose(request, reply, form=form, status=400)
    try:
        saved = services.update_reply(
            reply, by=request.user, **{name: form.cleaned_data[name] for name in services.COMPOSE_FIELDS}
        )
    except services.ReplyError as error:
        messages.error(request, error.message)
        return reply, _render_compose(request, reply, form=form, status=409)
    if saved.updated_at != reply.updated_at or saved.status != reply.status:
        messages.success(request, _("Letter saved."))
    # the page's reply keeps its selected relations; only the saved fields change
    for name in (*services.COMPOSE_FIELDS, "status", "updated_at"):
        setattr(reply, name, getattr(saved, name))
    return reply, None


@require_safe
@login_required
def reply_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The letter alone, as a web page (what the PDF will say)."""
    reply = _admin_reply(request, pk)
    return render(
        request,
        "responses/reply_preview.html",
        {"reply": reply, **({} if reply.is_final else _letter_context(reply))},
    )


@require_safe
@login_required
def reply_draft_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The letter as PDF marked ENTWURF on every page: not signed, not stored."""
    reply = _admin_reply(request, pk)
    response = HttpResponse(services.render_draft_pdf(reply), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{services.reply_file_name(reply, draft=True)}"'
    return response


def _act(request: HttpRequest, reply: Reply, action, success: str) -> HttpResponse:
    try:
        action(reply, by=request.user)
    except services.ReplyAlreadyDone as done:
        messages.info(request, done.message)
    except services.ReplyError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect("responses:reply_compose", pk=reply.pk)


@require_POST
@login_required
def reply_mark_ready(request: HttpRequest, pk: int) -> HttpResponse:
    reply = _reply_for(request, pk, permissions.can_compose_reply)
    reply, refused = _save_typed_letter(request, reply)
    return refused or _act(request, reply, services.mark_reply_ready, _("The reply is ready to sign."))


@require_POST
@login_required
def reply_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    reply = _reply_for(request, pk, permissions.can_compose_reply)
    reply, refused = _save_typed_letter(request, reply)
    if refused:
        return refused
    if reply.status == Reply.Status.DRAFT:  # saving the changed letter made it a draft already
        messages.success(request, _("The reply is a draft again."))
        return redirect("responses:reply_compose", pk=reply.pk)
    return _act(request, reply, services.reopen_reply, _("The reply is a draft again."))


@require_POST
@login_required
def reply_sign(request: HttpRequest, pk: int) -> HttpResponse:
    """Sign. The page's "Sign" button asks first (`step=confirm`: the confirmation page, with
    what will be signed and with which certificate); its "Sign now" signs. Signing twice is
    harmless: the second request finds the reply signed (`services.sign_reply` locks the row)."""
    reply = _reply_for(request, pk, permissions.can_sign_reply)
    # a letter changed at the last moment is a draft again: the signature is refused, the
    # change is kept, and the council office marks it ready once more
    reply, refused = _save_typed_letter(request, reply)
    if refused:
        return refused
    if request.POST.get("step") == "confirm":
        if reply.status != Reply.Status.READY:
            return _act(request, reply, services.sign_reply, "")  # says why it cannot be signed
        return _render_sign_confirm(request, reply)
    return _act(
        request,
        reply,
        services.sign_reply,
        _("The reply is signed and stored as a PDF. Next step: send it to the committee."),
    )


def _render_sign_confirm(request: HttpRequest, reply: Reply) -> HttpResponse:
    from responses.signing.credentials import load_credentials

    credentials = load_credentials()
    return render(
        request,
        "responses/reply_sign_confirm.html",
        {
            "reply": reply,
            "inquiry": reply.inquiry,
            "progress": services.inquiry_progress(reply.inquiry),
            "certificate_name": credentials.common_name,
            "is_demo": credentials.is_demo,
        },
    )


@require_POST
@login_required
def reply_send(request: HttpRequest, pk: int) -> HttpResponse:
    reply = _reply_for(request, pk, permissions.can_send_reply)
    return _act(request, reply, services.send_reply, _("The reply is sent; the committee has been notified."))


@require_POST
@login_required
def reply_supplement(request: HttpRequest, pk: int) -> HttpResponse:
    reply = _reply_for(request, pk, permissions.can_compose_reply)
    try:
        supplement = services.start_supplementary_reply(reply, by=request.user)
    except services.ReplyError as error:
        messages.error(request, error.message)
        return redirect("responses:reply_compose", pk=reply.pk)
    messages.success(
        request,
        _("Supplementary reply started. The answers can be reopened and corrected until it is signed."),
    )
    return redirect("responses:reply_compose", pk=supplement.pk)


@require_safe
def reply_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The signed PDF: for the administration once signed, for readers once sent (both by
    `Reply.objects.visible_to`); a reply that is not there is a 404, so nobody learns it exists."""
    reply = get_object_or_404(
        Reply.objects.visible_to(request.user)
        .filter(status__in=Reply.FINAL_STATUSES)
        .select_related("inquiry"),
        pk=pk,
    )
    if not reply.signed_pdf:
        raise Http404
    response = FileResponse(
        reply.signed_pdf.open("rb"),
        as_attachment=True,
        filename=services.reply_file_name(reply),
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


def reply_verify(request: HttpRequest) -> HttpResponse:
    """Check a signed PDF: uploaded, or a stored one (`?reply=<pk>`, if visible to the user).

    The verdict pins the municipality's signing certificates; the file is read in a limited
    child process (`services.verify_signed_pdf`). A match on record is looked up by SHA-256
    among the replies the user may see, so the page never tells anyone that a reply they cannot
    see exists."""
    replies = (
        Reply.objects.visible_to(request.user)
        .filter(status__in=Reply.FINAL_STATUSES)
        .select_related("inquiry")
    )
    form = VerifyForm(request.POST or None, request.FILES or None)
    report = match = stored = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            report = services.verify_signed_pdf(form.cleaned_data["file"].read())
            match = replies.filter(signed_pdf_sha256=report.sha256).order_by("pk").first()
        else:
            status = 400
    elif "reply" in request.GET:
        try:
            stored = get_object_or_404(replies, pk=int(request.GET["reply"]))
        except ValueError:
            raise Http404 from None
        try:
            with stored.signed_pdf.open("rb") as handle:
                report = services.verify_signed_pdf(handle.read())
        except OSError:
            messages.error(request, _("The stored file of this reply cannot be read. Please tell IT."))
        else:
            match = stored if report.sha256 == stored.signed_pdf_sha256 else None
    return render(
        request,
        "responses/reply_verify.html",
        {"form": form, "report": report, "match": match, "stored": stored},
        status=status,
    )
