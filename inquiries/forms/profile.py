"""The profile page: how the user hears of new work, and who stands in for them."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inquiries.cleaning import CleanTextForm
from inquiries.models import Profile


class ProfileForm(CleanTextForm):
    email_frequency = forms.ChoiceField(
        label=_("E-mail when something lands in my queue"),
        choices=Profile.EmailFrequency.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout("email_frequency", Submit("save_profile", _("Save")))


class DeputyForm(CleanTextForm):
    """Name a deputy for a period (Vertretung): someone of the administration other than oneself."""

    deputy = forms.ModelChoiceField(label=_("Deputy"), queryset=None)
    starts_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Until (inclusive)"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["deputy"].queryset = deputy_candidates(user)
        self.fields["deputy"].label_from_instance = lambda person: (
            person.get_full_name() or person.get_username()
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout("deputy", "starts_on", "ends_on", Submit("add_deputy", _("Name deputy")))

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The period ends before it starts."))
        if ends_on and ends_on < timezone.localdate():
            self.add_error("ends_on", _("The period is over already."))
        return data


def deputy_candidates(user):
    """Active people of the administration, the user aside."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    perm = Permission.objects.get(content_type__app_label="inquiries", codename="view_administration")
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(user_permissions=perm) | Q(groups__permissions=perm))
        .exclude(pk=user.pk)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
