"""The typed facts of `/llm pack` replies: an import's report, the shelf, one pack, a removal.

Field names and order are the JSON keys of `llmbot ask --json`, like `engine/payloads.py`
(which lists these in its `Payload` union).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class PackReport:
    """A pack import: checked only (`dry_run`), stored (`stored` is added or replaced), or
    refused for the `errors` listed (nothing stored)."""

    pack: str
    format: str | None
    dry_run: bool
    stored: str | None
    questions: int
    converted: int
    skipped: int
    warnings: tuple[str, ...]
    errors: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class PackEntry:
    pack: str
    title: str
    questions: int
    credit: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PackShelf:
    """`/llm pack list`: the workspace's packs by name."""

    packs: tuple[PackEntry, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class PackDetail:
    """`/llm pack show`: one pack, its topics (ids as typed) and its questions by difficulty."""

    pack: str
    title: str
    format: str
    credit: str
    topics: tuple[str, ...]
    difficulties: Mapping[str, int]


@dataclass(frozen=True, slots=True, kw_only=True)
class PackRemoval:
    """A pack removed, or (`confirm`) the question whether to remove it."""

    pack: str
    confirm: bool
