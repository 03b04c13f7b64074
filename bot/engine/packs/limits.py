"""How big a pack may be, and why each bound is where it is."""

from __future__ import annotations

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_NAME_LENGTH",
    "MAX_OPTION",
    "MAX_PACKS_PER_WORKSPACE",
    "MAX_QUESTIONS",
    "MAX_STEM",
    "MAX_TOPICS",
    "MAX_WHY",
]

MAX_PACKS_PER_WORKSPACE = 20
MAX_QUESTIONS = 5_000
MAX_FILE_BYTES = 5 * 1024 * 1024
# Topics a pack may declare: each is a line in `/llm topics`.
MAX_TOPICS = 25
# Discord command options and choice values allow 100 characters; a short name is also
# what people type after `--pack`.
MAX_NAME_LENGTH = 32

# The same bounds as the shipped questions (bot/knowledge/schema.py). A quiz shows the stem
# and up to four lettered options in one block: 500 + 4 x 200 characters stays well inside
# a Slack section (3,000) and a Discord embed description (4,096), and button labels are
# clipped to the platforms' 75/80 characters because the full text is in that block.
MAX_STEM = 500
MAX_OPTION = 200
MAX_WHY = 300
