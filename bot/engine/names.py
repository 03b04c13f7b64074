"""Names shown on public boards, made inert: no pings, no markup, bounded length."""

from __future__ import annotations

import re

MAX_NAME = 40
_ZERO_WIDTH = "\u200b"
# Discord (@everyone, @here, <@id>, <#id>) and Slack (<!channel>, <@U…>) mention syntax,
# plus the light markup characters our renderers interpret.
_MENTION = re.compile(r"@(?=everyone|here|channel)|<(?=[@#!])", re.IGNORECASE)
_MARKUP = re.compile(r"[*_`~|\[\]]")


def plain_name(name: str) -> str:
    """A display name safe to print in a public message: it never notifies anyone."""
    text = " ".join(name.split())[:MAX_NAME] or "someone"
    text = _MARKUP.sub("", text)
    return _MENTION.sub(lambda m: m.group(0) + _ZERO_WIDTH, text)
