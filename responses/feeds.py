"""The Atom feed of sent replies: public material only, whoever asks."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from responses.models import Reply

FEED_SIZE = 50


class SentRepliesFeed(Feed):
    feed_type = Atom1Feed
    title = _("Ratsanfragen: replies sent")
    subtitle = _("The administration's replies to public council inquiries.")
    link = reverse_lazy("inquiries:list")

    def get_object(self, request, *args, **kwargs):
        self.base_url = request.build_absolute_uri("/").rstrip("/")
        return None

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
        return item.inquiry.get_absolute_url()

    def item_guid(self, item: Reply) -> str:
        return f"{self.base_url}{reverse('responses:reply_pdf', args=[item.pk])}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Reply):
        return item.sent_at

    def item_updateddate(self, item: Reply):
        return item.sent_at or item.updated_at
