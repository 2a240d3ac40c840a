from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResponsesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "responses"
    verbose_name = _("Answers and replies")

    def ready(self) -> None:
        from inquiries import bounded, roles
        from responses import receivers
        from responses.roles import ROLE_PERMISSIONS

        receivers.connect()
        roles.grant(ROLE_PERMISSIONS)

        # the verification page reads uploaded PDFs in bounded children (services.verification)
        bounded.preload(
            "responses.signing.inspection", "pyhanko.sign.validation", "pyhanko.pdf_utils.reader", "pypdf"
        )
        # annexes that are ZIP archives (Word, spreadsheets) are opened in bounded children
        bounded.preload("responses.annex_check")
