"""Discord's mention syntax made inert in text that everyone in a channel reads.

Messages go out with no allowed mentions, so nothing pings; in a public post a name such
as `<@123>` or `@everyone` is also broken with a zero-width space, so that it does not
even look like a mention.
"""

from __future__ import annotations

import re

_ZERO_WIDTH = "\u200b"
# @everyone and @here, and <@user>, <@!user>, <@&role>, <#channel>; the Slack forms
# (@channel, <!here>) too, as members paste them between platforms.
_MENTION = re.compile(r"@(?=everyone|here|channel)|<(?=[@#!])", re.IGNORECASE)


def inert_mentions(text: str) -> str:
    """`text` with every mention broken by a zero-width space; it reads the same."""
    return _MENTION.sub(lambda m: m.group(0) + _ZERO_WIDTH, text)
