"""Question packs: a workspace's own questions, read from llmbot, Red or Open Trivia DB files.

The engine imports this package at every start (`llmbot ask` too), so names load from
their modules on first use: reading a file needs the YAML and validation stack, and the
rest is not needed until a pack is read or shown.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.engine.packs.draft import (
        Credit,
        ImportReport,
        PackDraft,
        PackFormat,
        PackTopic,
        Place,
        Problem,
        Skipped,
    )
    from bot.engine.packs.limits import (
        MAX_FILE_BYTES,
        MAX_NAME_LENGTH,
        MAX_PACKS_PER_WORKSPACE,
        MAX_QUESTIONS,
    )
    from bot.engine.packs.reader import PackReading, read_pack

_HOMES = {
    "Credit": "draft",
    "ImportReport": "draft",
    "PackDraft": "draft",
    "PackFormat": "draft",
    "PackTopic": "draft",
    "Place": "draft",
    "Problem": "draft",
    "Skipped": "draft",
    "MAX_FILE_BYTES": "limits",
    "MAX_NAME_LENGTH": "limits",
    "MAX_PACKS_PER_WORKSPACE": "limits",
    "MAX_QUESTIONS": "limits",
    "PackReading": "reader",
    "read_pack": "reader",
}

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_NAME_LENGTH",
    "MAX_PACKS_PER_WORKSPACE",
    "MAX_QUESTIONS",
    "Credit",
    "ImportReport",
    "PackDraft",
    "PackFormat",
    "PackReading",
    "PackTopic",
    "Place",
    "Problem",
    "Skipped",
    "read_pack",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(name)
    return getattr(import_module(f"bot.engine.packs.{home}"), name)
