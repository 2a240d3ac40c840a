"""What an import did, in words an operator (and cron) can act on."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class ImportReport:
    """`created`, `updated`, `ended` and `removed` count per kind ("organizations", "persons",
    "memberships", "meetings"). `ended`: a committee dissolved, a membership no longer in force;
    `removed`: deleted upstream and removed here. `skipped` names what was not imported and why;
    `errors` what could not be read: then the run is incomplete, its mark is not advanced and
    the command exits non-zero."""

    vendor: str = "OParl"
    modified_since: datetime | None = None
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    ended: Counter = field(default_factory=Counter)
    removed: Counter = field(default_factory=Counter)
    current_memberships: int = 0
    chairs: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def skip(self, what: str, reason: str) -> None:
        self.skipped.append((what, reason))

    def note(self, message: str) -> None:
        self.notes.append(message)

    def error(self, message: str) -> None:
        self.errors.append(message)

    @property
    def is_complete(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        def counts(kind: str, *, ended: bool) -> str:
            words = [f"{self.created[kind]} new", f"{self.updated[kind]} updated"]
            if ended:
                words.append(f"{self.ended[kind]} ended")
            if self.removed[kind]:
                words.append(f"{self.removed[kind]} removed")
            return f"{kind}: " + ", ".join(words)

        parts = [
            counts("organizations", ended=True),
            counts("persons", ended=False),
            counts("memberships", ended=True)
            + f" ({self.current_memberships} in force, {self.chairs} chairs)",
            counts("meetings", ended=False),
        ]
        mode = f"changes since {self.modified_since.isoformat()}" if self.modified_since else "everything"
        return (
            f"OParl import from {self.vendor} ({mode}): "
            + "; ".join(parts)
            + f"; {len(self.skipped)} skipped; {len(self.errors)} errors."
        )

    def skipped_by_reason(self) -> list[tuple[str, int]]:
        return Counter(reason for _, reason in self.skipped).most_common()
