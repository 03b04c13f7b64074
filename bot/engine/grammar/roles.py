"""Role and user-group ids as people type them: Discord role mentions, Slack user-group mentions."""

from __future__ import annotations

import re

from bot.engine.errors import UsageError

_DISCORD_ROLE = re.compile(r"^<@&(\d{1,25})>$")
_SLACK_GROUP = re.compile(r"^<!subteam\^([A-Z0-9]{2,25})(?:\|[^>]*)?>$")
_PLAIN_ID = re.compile(r"^[A-Za-z0-9]{2,25}$")


def parse_role(text: str) -> str:
    """The id inside `<@&123>` or `<!subteam^S123|@group>`, or a bare id as typed."""
    for pattern in (_DISCORD_ROLE, _SLACK_GROUP):
        match = pattern.match(text)
        if match is not None:
            return match[1]
    if _PLAIN_ID.match(text):
        return text
    raise UsageError(
        f"{text[:40]!r} is not a role: mention it (@role) or give its id.",
        "`/llm team link <team> <role>`",
    )
