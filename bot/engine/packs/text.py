"""Pack text as stored: one plain line per field, names as slugs, stems comparable."""

from __future__ import annotations

import hashlib
import re
import unicodedata

__all__ = ["local_question_id", "one_line", "same_text", "slug"]

# C0 and C1 controls, DEL, and the line and paragraph separators: a stem or an option is
# one line, and terminals or stores must never see a control character.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SPACES = re.compile(r"\s+")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def one_line(text: str) -> str:
    """One clean line: controls become spaces, runs of spaces one space, lone surrogates U+FFFD."""
    if not text.isascii():
        # Round-tripping through UTF-16 joins valid surrogate pairs and replaces lone ones.
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return _SPACES.sub(" ", _CONTROL.sub(" ", text)).strip()


def same_text(text: str) -> str:
    """The form two texts are compared in: case, accents' width forms and spacing folded."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def slug(text: str) -> str:
    """A pack name from free text or a file stem: `Science_Computers` → `science-computers`."""
    folded = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return _NOT_SLUG.sub("-", folded).strip("-")


def local_question_id(stem: str) -> str:
    """An id for a question that has none, from its stem, so re-importing keeps every id."""
    digest = hashlib.blake2b(same_text(stem).encode("utf-8"), digest_size=6).hexdigest()
    return f"q-{digest}"
