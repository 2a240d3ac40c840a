"""Uploaded letters kept on the server between the import and the review step."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from inquiries.services.intake import LetterSource

# --- Uploaded letters between the import and the review step ------------------------------------

LETTER_STASH_DIR = "letter-uploads"
LETTER_STASH_MAX_AGE = 24 * 60 * 60  # seconds; a review takes minutes, not days
_STASH_SALT = "inquiries.letter-stash"


def stash_letter(data: bytes, *, name: str, text: str, by) -> str:
    """Keep an uploaded (or pasted) letter on the server while its extraction is reviewed.

    Returns a signed token naming the file, the original file name and the user: the review
    form carries only that token, so a client can neither point at another path nor pick up
    someone else's upload. The extracted text is kept beside it (a PDF is read once). Old
    stashes are removed on the way.
    """
    import secrets

    from django.core import signing
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    purge_letter_stash()
    key = secrets.token_hex(16)
    path = default_storage.save(f"{LETTER_STASH_DIR}/{key}", ContentFile(data))
    text_path = default_storage.save(f"{LETTER_STASH_DIR}/{key}.txt", ContentFile(text.encode("utf-8")))
    return signing.dumps({"path": path, "text": text_path, "name": name, "user": by.pk}, salt=_STASH_SALT)


def unstash_letter(token: str, *, by) -> tuple[LetterSource, list[str]]:
    """The stashed letter and its storage paths (for `discard_letter`). Raises
    `letters.LetterError` when the token is forged, expired, someone else's or its file gone."""
    from django.core import signing
    from django.core.files.storage import default_storage

    from inquiries.letters import LetterError

    try:
        payload = signing.loads(token, salt=_STASH_SALT, max_age=LETTER_STASH_MAX_AGE)
    except signing.BadSignature as exc:
        raise LetterError(_("The uploaded letter has expired; please upload it again.")) from exc
    paths = [payload.get("path", ""), payload.get("text", "")]
    if payload.get("user") != by.pk or not all(_is_stash_path(path) for path in paths):
        raise LetterError(_("The uploaded letter has expired; please upload it again."))
    try:
        with default_storage.open(paths[0], "rb") as handle:
            data = handle.read()
        with default_storage.open(paths[1], "rb") as handle:
            text = handle.read().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LetterError(_("The uploaded letter has expired; please upload it again.")) from exc
    name = payload.get("name", "")
    return LetterSource(name=name, data=data if name else None, text=text), paths


def _is_stash_path(path: str) -> bool:
    return (
        path.startswith(f"{LETTER_STASH_DIR}/")
        and ".." not in path
        and "/" not in path[len(LETTER_STASH_DIR) + 1 :]
    )


def discard_letter(paths: list[str]) -> None:
    from django.core.files.storage import default_storage

    for path in paths:
        if _is_stash_path(path):
            default_storage.delete(path)


def purge_letter_stash(*, max_age: int = LETTER_STASH_MAX_AGE) -> int:
    """Delete stashed letters older than `max_age` seconds (reviews that were abandoned)."""
    from datetime import timedelta

    from django.core.files.storage import default_storage

    try:
        _dirs, files = default_storage.listdir(LETTER_STASH_DIR)
    except (FileNotFoundError, NotImplementedError):
        return 0
    cutoff = timezone.now() - timedelta(seconds=max_age)
    removed = 0
    for name in files:
        path = f"{LETTER_STASH_DIR}/{name}"
        try:
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
                removed += 1
        except (FileNotFoundError, NotImplementedError):
            continue
    return removed
