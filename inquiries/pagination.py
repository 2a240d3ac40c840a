"""Pages of long lists whose count costs what a page shows, not what the database holds.

An exact count reads every matching row (at best every entry of an index): the portal's list
of 100,000 inquiries read 100,001 index entries on every request to print "100,001 inquiries".
`CappedPaginator` counts at most `cap` rows past the start of the page asked for, so a page
costs the same at 10,000 and at 100,000 rows. Below the cap the count is exact; above it the
page says "more than 10,000" (a true statement, never a guess) and pages on from there: "Next"
is there while rows follow, and the count moves along with the page asked for. Exact totals
of the whole collection are the statistics page's.

The count is of the queryset given, so it counts exactly what the reader may see: start it
from `visible_to`, as every list does.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """`Paginator` whose count stops `cap` rows past the start of page `number` (the page the
    request asks for; an invalid number counts from the first page, where `get_page` goes)."""

    def __init__(self, object_list, per_page: int, *, cap: int, number=None) -> None:
        super().__init__(object_list, per_page)
        try:
            start = (min(max(int(number), 1), 10**9) - 1) * per_page
        except (TypeError, ValueError):
            start = 0
        # the rows up to the page's end and `cap` more; one more tells "more than"
        self.limit = start + max(cap, per_page)
        self.cap = cap

    @cached_property
    def count(self) -> int:
        """The number of rows, or `limit + 1` when there are more than `limit`: one page more
        than the counted rows fill, so that "Next" leads on. A page asked for past the end
        counts exactly (there are fewer rows than its start), and `get_page` goes to the last."""
        rows = self.object_list
        if hasattr(rows, "values"):
            # which rows, not their order or columns: a count of keys, from an index alone where
            # one serves (the ordered list's own columns and annotations cost 5× at 10,000)
            rows = rows.order_by().values("pk")
        return rows[: self.limit + 1].count()

    @property
    def is_capped(self) -> bool:
        """Whether there are more rows than were counted (then `count` is not the total)."""
        return self.count > self.limit

    @property
    def shown_count(self) -> int:
        """What the page says: the exact count, or the cap it is "more than"."""
        return self.cap if self.is_capped else self.count

    @property
    def pages_counted(self) -> int:
        """The pages known to be full when capped ("page 3 of more than 402")."""
        return self.num_pages - 1
