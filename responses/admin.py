"""Master data of the responses app in the admin: the municipality's signing certificates.
Answers, contributions, comments and replies have a workflow and are not here (see
`inquiries/admin.py`)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from responses.models import SigningCertificate


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

        from responses.signing import certificate_details

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
