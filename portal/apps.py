from django.apps import AppConfig


class PortalConfig(AppConfig):
    """Inquiries together with their answers as each reader may see them: the list and detail
    pages, following, statistics and the feed. Above inquiries and responses; nothing below
    imports it."""

    name = "portal"

    def ready(self) -> None:
        from responses.signals import reply_sent

        reply_sent.connect(_tell_followers, dispatch_uid="portal.tell_followers")


def _tell_followers(sender, *, reply, **kwargs) -> None:
    from portal.services import notify_followers

    notify_followers(reply.inquiry)
