"""The Atom feed of sent replies: public material only, whoever asks."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from config.site import absolute
from inquiries.models import Municipality
from responses.models import Reply

FEED_SIZE = 50


class SentRepliesFeed(Feed):
    feed_type = Atom1Feed
    title = _("Ratsanfragen: replies sent")
    subtitle = _("The administration's replies to public council inquiries.")

    # links and ids under SITE_URL, never the request's Host header (config.site)
    def link(self) -> str:
        return absolute(reverse("portal:list"))

    def feed_url(self) -> str:
        return absolute(reverse("portal:replies_feed"))

    def author_name(self) -> str:
        """Atom needs an author (RFC 4287 4.1.1): the municipality's council office, which
        sends the replies."""
        municipality = Municipality.current()
        if municipality is None:
            return "Ratsanfragen"
        return " – ".join(part for part in (municipality.name, municipality.council_office_name) if part)

    def author_email(self) -> str:
        municipality = Municipality.current()
        return municipality.email if municipality is not None else ""

    def author_link(self) -> str:
        return absolute("/")

    def items(self):
        # AnonymousUser, not request.user: a feed is cached and shared, so it must never
        # carry non-public material even when a council member's reader fetches it.
        return (
            Reply.objects.visible_to(AnonymousUser())
            .filter(status=Reply.Status.SENT)
            .select_related("inquiry")
            .order_by("-sent_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item: Reply) -> str:
        return str(item.inquiry)

    def item_description(self, item: Reply) -> str:
        return _("Reply to the inquiry %(reference)s (%(kind)s).") % {
            "reference": item.inquiry.reference or "–",
            "kind": item.inquiry.get_kind_display(),
        }

    def item_link(self, item: Reply) -> str:
        return absolute(item.inquiry.get_absolute_url())

    def item_guid(self, item: Reply) -> str:
        return absolute(reverse("responses:reply_pdf", args=[item.pk]))

    item_guid_is_permalink = False

    def item_pubdate(self, item: Reply):
        return item.sent_at

    def item_updateddate(self, item: Reply):
        return item.sent_at or item.updated_at
