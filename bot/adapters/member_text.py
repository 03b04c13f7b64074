"""Text a member typed, shown inert on every platform: no live links, mentions or markup.

The engine marks such text (`bot.engine.said`); each renderer passes the marked spans
through its own `inert` function and the rest through its markup converter.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.engine import MEMBER_SPAN, unmarked

ZWSP = "\u200b"
# `https://` and `www.`-style hosts are what chat clients turn into links on their own.
_SCHEME = re.compile(r"(?<=[A-Za-z0-9]):(?=//)")
_DOT = re.compile(r"\.(?=[A-Za-z0-9])")
# Discord's mention syntax (<@user>, <@!user>, <@&role>, <#channel>, @everyone, @here):
# a zero-width space after the opening character keeps it from forming.
_MENTION = re.compile(r"(?<=<)(?=[@#])|(?<=@)(?=(?:everyone|here)\b)", re.IGNORECASE)

__all__ = ["ZWSP", "defuse", "map_spans", "unmarked"]


def defuse(text: str) -> str:
    """Break what clients turn into links or mentions on their own: URLs, host names, mentions.

    Discord replies also allow no mentions, so none could notify anyone; breaking them
    shows them as typed rather than as a name. Slack's are built from `<` and `>`, which
    its renderer escapes before this runs.
    """
    return _MENTION.sub(ZWSP, _DOT.sub("." + ZWSP, _SCHEME.sub(":" + ZWSP, text)))


def map_spans(text: str, member: Callable[[str], str], ours: Callable[[str], str]) -> str:
    """Render `text` piecewise: marked member spans with `member`, everything else with `ours`."""
    out: list[str] = []
    last = 0
    for match in MEMBER_SPAN.finditer(text):
        out.append(ours(text[last : match.start()]))
        out.append(member(match.group(1)))
        last = match.end()
    out.append(ours(text[last:]))
    return "".join(out)
