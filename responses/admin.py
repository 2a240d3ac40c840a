"""Master data of the responses app in the admin: the municipality's signing certificates, what
its reply letters print (`LetterSettings`) and how letters address people (`FormOfAddress`).
Answers, contributions, comments and replies have a workflow and are not here (see
`inquiries/admin.py`)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from responses.models import FormOfAddress, LetterSettings, SigningCertificate


class SigningCertificateForm(forms.ModelForm):
    class Meta:
        model = SigningCertificate
        fields = ["certificate"]
        widgets = {"certificate": forms.Textarea(attrs={"rows": 12, "cols": 70})}
        help_texts = {
            "certificate": _(
                "An earlier signing certificate of the municipality, as PEM text (-----BEGIN "
                "CERTIFICATE-----). The certificate in use is recorded by itself when it signs."
            )
        }

    def clean_certificate(self) -> str:
        from cryptography import x509
        from cryptography.hazmat.primitives import serialization

        from responses.signing.certificates import certificate_details

        text = self.cleaned_data["certificate"].strip()
        try:
            certificates = x509.load_pem_x509_certificates(text.encode())
        except ValueError:
            raise forms.ValidationError(_("This is not a certificate in PEM format.")) from None
        if len(certificates) != 1:
            raise forms.ValidationError(_("Paste exactly one certificate."))
        der = certificates[0].public_bytes(serialization.Encoding.DER)
        if SigningCertificate.objects.filter(fingerprint=certificate_details(der)["fingerprint"]).exists():
            raise forms.ValidationError(_("This certificate is already kept."))
        return certificates[0].public_bytes(serialization.Encoding.PEM).decode()


@admin.register(SigningCertificate)
class SigningCertificateAdmin(admin.ModelAdmin):
    """Certificates are added, never changed: a signature made with one stays checkable."""

    form = SigningCertificateForm
    list_display = ["subject", "issuer", "valid_from", "valid_until", "is_demo", "created_at"]
    readonly_fields = ["subject", "issuer", "valid_from", "valid_until", "fingerprint", "is_demo"]

    def get_fields(self, request, obj=None):
        return ["certificate"] if obj is None else [*self.readonly_fields, "certificate"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else [*self.readonly_fields, "certificate"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LetterSettingsForm(forms.ModelForm):
    class Meta:
        model = LetterSettings
        fields = [
            "municipality",
            "logo",
            "logo_alt",
            "contact_name",
            "contact_room",
            "contact_phone",
            "contact_email",
            "office_hours",
            "bank_name",
            "iban",
            "bic",
        ]

    def clean_logo(self):
        from responses.services.letter import LOGO_MAX_BYTES, image_type

        logo = self.cleaned_data.get("logo")
        if not logo or not hasattr(logo, "content_type"):  # unchanged
            return logo
        if logo.size > LOGO_MAX_BYTES:
            raise forms.ValidationError(_("The logo may be at most 1 MB."))
        logo.seek(0)
        if image_type(logo.read(16)) is None:
            raise forms.ValidationError(_("The logo must be a PNG or JPEG image."))
        logo.seek(0)
        return logo

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("logo") and not (cleaned.get("logo_alt") or "").strip():
            self.add_error("logo_alt", _("Describe the logo for readers who cannot see it."))
        return cleaned


@admin.register(LetterSettings)
class LetterSettingsAdmin(admin.ModelAdmin):
    """Letterhead logo, contact block and footer of the reply letter, with a preview of a
    sample letter as it prints (HTML here, the PDF behind a link)."""

    form = LetterSettingsForm
    list_display = ["municipality", "contact_name", "contact_phone", "updated_at"]
    fieldsets = [
        (None, {"fields": ["municipality"]}),
        (_("Letterhead"), {"fields": ["logo", "logo_alt"]}),
        (
            _("Contact block"),
            {"fields": ["contact_name", "contact_room", "contact_phone", "contact_email", "office_hours"]},
        ),
        (_("Footer"), {"fields": ["bank_name", "iban", "bic"]}),
        (_("Preview"), {"fields": ["preview"]}),
    ]
    readonly_fields = ["preview"]

    def get_urls(self):
        from django.urls import path

        return [
            path(
                "<int:pk>/preview.pdf",
                self.admin_site.admin_view(self.preview_pdf),
                name="responses_lettersettings_preview_pdf",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("Preview"))
    def preview(self, obj) -> str:
        from django.template.loader import render_to_string
        from django.urls import reverse
        from django.utils.html import format_html

        from responses.pdf import reply_context

        if obj is None or obj.pk is None:
            return _("Save to see a sample letter with these settings.")
        letter = render_to_string("responses/_reply_letter.html", reply_context(sample_letter(obj)))
        return format_html(
            '<p><a href="{}">{}</a></p><div class="letter-preview">{}</div>',
            reverse("admin:responses_lettersettings_preview_pdf", args=[obj.pk]),
            _("Sample letter as PDF"),
            letter,
        )

    def preview_pdf(self, request, pk: int):
        from django.http import HttpResponse
        from django.shortcuts import get_object_or_404

        from responses.pdf import render_reply_pdf

        if not self.has_view_permission(request):
            raise PermissionDenied
        settings = get_object_or_404(LetterSettings.objects.select_related("municipality"), pk=pk)
        response = HttpResponse(render_reply_pdf(sample_letter(settings)), content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="Musterbrief.pdf"'
        return response


def sample_letter(settings: LetterSettings):
    """The example reply (`example_document`) with the municipality's name, address, letterhead,
    contact block, footer and logo: what the admin previews."""
    from responses.document import example_document
    from responses.services.letter import _footer_lines, _letterhead_text, _logo_data_uri

    municipality = settings.municipality
    return example_document(
        is_draft=True,
        municipality_name=municipality.name,
        municipality_address_lines=municipality.address_lines,
        letterhead_text=_letterhead_text(municipality),
        sending_office=municipality.council_office_name,
        contact_lines=settings.contact_lines(fallback_email=municipality.email),
        footer_lines=_footer_lines(municipality, settings),
        logo_data_uri=_logo_data_uri(settings),
        logo_alt=settings.logo_alt,
    )


@admin.register(FormOfAddress)
class FormOfAddressAdmin(admin.ModelAdmin):
    """How letters address a person, e.g. the chair of a committee."""

    list_display = ["user", "form", "title"]
    search_fields = ["user__first_name", "user__last_name", "user__username"]
    autocomplete_fields = ["user"]
