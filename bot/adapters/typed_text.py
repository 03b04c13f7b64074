"""Commands as members type them: role mentions in platform syntax become the bare ids the
engine's grammar takes.

Discord writes a role as `<@&123>` and Slack a user group as `<!subteam^S123|@group>`; the
console accepts either, as pasted from one of them. Every adapter passes typed text
through `plain_text` before the engine sees it.
"""

from __future__ import annotations

import re

from bot.engine.grammar import Command
from bot.engine.grammar import parse as parse_plain

# Whole words only, as the grammar reads them.
_DISCORD_ROLE = re.compile(r"(?<!\S)<@&(\d{1,25})>(?!\S)")
_SLACK_GROUP = re.compile(r"(?<!\S)<!subteam\^([A-Z0-9]{2,25})(?:\|[^>\s]*)?>(?!\S)")


def plain_text(text: str) -> str:
    """`text` with each Discord role mention and Slack user-group mention (a word of its
    own) replaced by the bare id."""
    return _SLACK_GROUP.sub(r"\1", _DISCORD_ROLE.sub(r"\1", text))


def parse(text: str) -> Command:
    """The command a member's typed text stands for (see `bot.engine.grammar.parse`)."""
    return parse_plain(plain_text(text))
