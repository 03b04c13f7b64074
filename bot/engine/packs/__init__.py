"""Question packs: a workspace's own questions, read from llmbot, Red or Open Trivia DB files."""

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
