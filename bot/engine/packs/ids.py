"""Ids of pack questions and topics: namespaced by pack, so they never meet shipped ids.

Shipped ids are kebab-case slugs. A pack's ids are `pack.<pack>/<local id>`: the dot
and the slash never occur in a slug, so no pack can shadow a shipped question or topic,
and two packs of one workspace never share an id. Local ids come from the file (or from
the stem, see `text.local_question_id`), so importing a pack again with `--replace` keeps
every id, and a channel's "no repeat" history still holds. Topic ids fit in a button id:
`llm:e:pack.<32>/<32>:standard` stays under Discord's 100 characters.
"""

from __future__ import annotations

import re

__all__ = ["PACK_PREFIX", "is_pack_id", "is_pack_name", "pack_id", "pack_of", "split_pack_id"]

PACK_PREFIX = "pack."
_SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_PACK_ID = re.compile(rf"^pack\.({_SLUG})/({_SLUG})$")
_PACK_NAME = re.compile(rf"^{_SLUG}$")


def pack_id(pack: str, local: str) -> str:
    """The id a pack's question or topic has in the workspace."""
    return f"{PACK_PREFIX}{pack}/{local}"


def is_pack_name(text: str) -> bool:
    """A pack name is a slug (its length is checked where packs are read)."""
    return _PACK_NAME.match(text) is not None


def is_pack_id(text: str) -> bool:
    return _PACK_ID.match(text) is not None


def split_pack_id(text: str) -> tuple[str, str] | None:
    """(pack, local id) of a pack id; None for a shipped id or anything else."""
    found = _PACK_ID.match(text)
    return (found.group(1), found.group(2)) if found else None


def pack_of(text: str) -> str | None:
    found = split_pack_id(text)
    return found[0] if found else None
