"""Role and user-group ids in commands: adapters turn the platform's mentions into bare ids."""

from __future__ import annotations

import re

from bot.engine.errors import UsageError
from bot.engine.reply import said

_PLAIN_ID = re.compile(r"^[A-Za-z0-9]{2,25}$")


def parse_role(text: str) -> str:
    """A role or user-group id, as the adapter passed it on."""
    if _PLAIN_ID.match(text):
        return text
    raise UsageError(
        f"{said(repr(text[:40]))} is not a role: mention it (@role) or give its id.",
        "`/llm team link <team> <role>`",
    )
