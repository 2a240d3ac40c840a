"""The user's profile: how they hear of new work, and who stands in for them (Vertretung)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inquiries import permissions, services
from inquiries.forms import DeputyForm, ProfileForm
from inquiries.models import Deputy, Profile


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """GET shows the page; POST saves the e-mail preference (`save_profile`) or names a deputy
    (`add_deputy`). Deputies are for the administration, whose queues they take over."""
    user = request.user
    current = Profile.objects.filter(user=user).first()
    frequency = current.email_frequency if current else Profile.EmailFrequency.IMMEDIATE
    may_name_deputy = permissions.is_administration(user)
    profile_form = ProfileForm(initial={"email_frequency": frequency})
    deputy_form = DeputyForm(user=user) if may_name_deputy else None
    status = 200
    if request.method == "POST":
        if "add_deputy" in request.POST and may_name_deputy:
            deputy_form = DeputyForm(request.POST, user=user)
            if deputy_form.is_valid():
                services.name_deputy(user, **deputy_form.cleaned_data)
                messages.success(request, _("Deputy named."))
                return redirect("inquiries:profile")
        else:
            profile_form = ProfileForm(request.POST)
            if profile_form.is_valid():
                services.set_email_frequency(user, profile_form.cleaned_data["email_frequency"])
                messages.success(request, _("Your settings are saved."))
                return redirect("inquiries:profile")
        messages.error(request, _("Please correct the marked fields."))
        status = 400
    today = timezone.localdate()
    return render(
        request,
        "inquiries/profile.html",
        {
            "profile_form": profile_form,
            "deputy_form": deputy_form,
            "my_deputies": Deputy.objects.filter(absent=user, ends_on__gte=today).select_related("deputy"),
            "standing_in_for": Deputy.objects.filter(deputy=user, ends_on__gte=today).select_related(
                "absent"
            ),
            "today": today,
        },
        status=status,
    )


@require_POST
@login_required
def deputy_end(request: HttpRequest, pk: int) -> HttpResponse:
    """The absent user ends their own deputy arrangement; nobody else's (404)."""
    row = get_object_or_404(Deputy, pk=pk, absent=request.user)
    services.end_deputy(row, by=request.user)
    messages.success(request, _("Deputy removed."))
    return redirect("inquiries:profile")
