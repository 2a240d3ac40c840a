"""Annexes: attach to an answer or a reply, remove, download. Who reads an annex is decided by
`Annex.objects.visible_to` alone."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from inquiries.models import Question
from responses import permissions, services
from responses.forms import AnnexForm
from responses.models import Annex, Reply


def _attach(request: HttpRequest, *, answer=None, reply=None) -> None:
    form = AnnexForm(request.POST, request.FILES, prefix="annex")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return
    upload = form.cleaned_data["file"]
    try:
        services.add_annex(
            answer=answer,
            reply=reply,
            data=upload.read(),
            file_name=upload.name,
            title=form.cleaned_data["title"],
            by=request.user,
        )
    except services.AnnexError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Annex attached."))


@require_POST
@login_required
def annex_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach a file to the answer of question `pk` (its editors)."""
    question = get_object_or_404(Question.objects.visible_to(request.user).select_related("inquiry"), pk=pk)
    if not permissions.can_view_question_work(request.user, question):
        raise PermissionDenied
    if not permissions.can_edit_answer(request.user, question):
        raise PermissionDenied
    _attach(request, answer=services.answer_for(question))
    return redirect("responses:answer_edit", pk=question.pk)


@require_POST
@login_required
def reply_annex_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach a file to the reply itself (the council office)."""
    reply = get_object_or_404(Reply.objects.visible_to(request.user), pk=pk)
    if not permissions.can_preview_reply(request.user):
        raise Http404
    if not permissions.can_compose_reply(request.user):
        raise PermissionDenied
    _attach(request, reply=reply)
    return redirect("responses:reply_compose", pk=reply.pk)


@require_POST
@login_required
def annex_delete(request: HttpRequest, pk: int) -> HttpResponse:
    annex = get_object_or_404(
        Annex.objects.visible_to(request.user).select_related("answer__question", "reply"), pk=pk
    )
    if annex.answer_id is not None:
        question = annex.answer.question
        allowed = permissions.can_edit_answer(request.user, question)
        target = ("responses:answer_edit", question.pk)
    else:
        allowed = permissions.can_compose_reply(request.user)
        target = ("responses:reply_compose", annex.reply_id)
    if not allowed:
        raise PermissionDenied
    try:
        services.remove_annex(annex, by=request.user)
    except services.AnnexError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Annex removed."))
    return redirect(*target)


@require_safe
def annex_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The file as it was attached (and, once a reply carried it, as it was signed: an annex
    never changes). 404 for anyone who may not read it, so nobody learns it exists."""
    annex = get_object_or_404(Annex.objects.visible_to(request.user), pk=pk)
    response = FileResponse(
        annex.file.open("rb"), as_attachment=True, filename=annex.file_name, content_type=annex.content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
