"""Annexes: attach to an answer or a reply, remove, download. Who reads an annex is decided by
`Annex.objects.visible_to` alone."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from responses import permissions, services
from responses.forms import AnnexForm
from responses.loading import (
    get_annex_for_user,
    get_rw_annex_for_user,
    get_rw_question_for_user,
    get_rw_reply_for_user,
)


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
    question = get_rw_question_for_user(request, pk, may=permissions.can_edit_answer)
    _attach(request, answer=services.answer_for(question))
    return redirect("responses:answer_edit", pk=question.pk)


@require_POST
@login_required
def reply_annex_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach a file to the reply itself (the council office)."""
    reply = get_rw_reply_for_user(request, pk, may=permissions.can_compose_reply)
    _attach(request, reply=reply)
    return redirect("responses:reply_compose", pk=reply.pk)


@require_POST
@login_required
def annex_delete(request: HttpRequest, pk: int) -> HttpResponse:
    annex = get_rw_annex_for_user(request, pk)
    if annex.answer_id is not None:
        target = ("responses:answer_edit", annex.answer.question_id)
    else:
        target = ("responses:reply_compose", annex.reply_id)
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
    annex = get_annex_for_user(request, pk)
    response = FileResponse(
        annex.file.open("rb"), as_attachment=True, filename=annex.file_name, content_type=annex.content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
