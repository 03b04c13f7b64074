"""Question packs: a workspace's own questions, read from llmbot, Red or Open Trivia DB files.

Reading a file needs the YAML and validation stack; the engine imports this package at
every start, so `read_pack` loads it only when a pack is read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from bot.engine.packs.reader import PackReading, read_pack

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
    if name in ("read_pack", "PackReading"):
        from bot.engine.packs import reader

        return getattr(reader, name)
    raise AttributeError(name)
