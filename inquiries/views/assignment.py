"""The council office's inbox of registered inquiries and the assignment of questions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from inquiries import permissions, services
from inquiries.forms import AssignAllForm, QuestionAssignmentForm
from inquiries.models import Department, Inquiry, Question
from inquiries.views.loading import get_rw_inquiry_for_user

PAGE_SIZE = 25
# submitted inquiries wait for registration for a day or two: a short list, oldest first
AWAITING_LIMIT = 100


@require_safe
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """Submitted inquiries waiting to be registered (council office), and registered ones waiting
    to be assigned, the most urgent first."""
    if not permissions.can_see_inbox(request.user):
        raise PermissionDenied
    inquiries = (
        Inquiry.objects.visible_to(request.user)
        .filter(status=Inquiry.Status.REGISTERED)
        .select_related("committee")
        .with_question_count()
        .order_by("due_on", "received_on", "pk")
    )
    page = Paginator(inquiries, PAGE_SIZE).get_page(request.GET.get("page"))
    awaiting = None
    if permissions.is_council_office(request.user):
        from inquiries.views.intake import awaiting_registration

        awaiting = list(awaiting_registration(request.user)[:AWAITING_LIMIT])
    return render(
        request,
        "inquiries/inbox.html",
        {"page": page, "awaiting": awaiting, "awaiting_limit": AWAITING_LIMIT, "today": timezone.localdate()},
    )


@login_required
def inquiry_assign(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = get_rw_inquiry_for_user(
        request,
        pk,
        may=permissions.can_assign_questions,
        role_allows=lambda user, _inquiry: permissions.can_see_inbox(user),
        shape=lambda inquiries: inquiries.select_related("committee"),
    )
    questions = list(
        Question.objects.filter(inquiry=inquiry)
        .select_related("lead_department", "parent")
        .prefetch_related(Prefetch("participating_departments", queryset=Department.objects.only("pk")))
    )
    departments = list(Department.objects.order_by("code"))
    default_due_on = services.default_internal_due_on(inquiry)

    def question_initial(question: Question) -> dict:
        return {
            "lead_department": question.lead_department_id,
            "participating_departments": [d.pk for d in question.participating_departments.all()],
            "due_on": question.due_on or default_due_on,
        }

    data = request.POST if request.method == "POST" else None
    assign_all = data is not None and "assign_all" in data
    all_form = AssignAllForm(
        data if assign_all else None, departments=departments, initial={"due_on": default_due_on}
    )
    forms = [
        QuestionAssignmentForm(
            data if data is not None and not assign_all else None,
            question=q,
            departments=departments,
            initial=question_initial(q),
        )
        for q in questions
    ]
    if data is not None:
        if assign_all and all_form.is_valid():
            c = all_form.cleaned_data
            assignments = [
                services.Assignment(q, c["lead"], c["participating"], c["due_on"] if c["lead"] else None)
                for q in questions
            ]
        elif not assign_all and all(f.is_valid() for f in forms):
            assignments = [
                services.Assignment(
                    f.question,
                    f.cleaned_data["lead"],
                    f.cleaned_data["participating"],
                    f.cleaned_data["due_on"] if f.cleaned_data["lead"] else None,
                )
                for f in forms
            ]
        else:
            assignments = None
            messages.error(request, _("Please correct the marked fields."))
        if assignments is not None:
            notified = services.assign_questions(inquiry, assignments=assignments, by=request.user)
            if notified:
                messages.success(
                    request,
                    _("Questions assigned; notified: %(departments)s.")
                    % {"departments": ", ".join(d.code for d in notified)},
                )
            else:
                messages.success(request, _("Assignment saved."))
            return redirect(inquiry)

    rows = list(zip(questions, forms, strict=True))
    return render(
        request,
        "inquiries/inquiry_assign.html",
        {"inquiry": inquiry, "all_form": all_form, "rows": rows, "default_due_on": default_due_on},
        status=400 if data is not None else 200,
    )
