"""Names shown on boards, made plain: no light markup, no links, bounded length.

Platform mention syntax is the adapters' business: each renders text so that nothing in
it notifies anyone (Discord: no allowed mentions and inert mention syntax in public
posts; Slack: escaped control characters and verbatim text).
"""

from __future__ import annotations

import re

MAX_NAME = 40
# The light markup characters our renderers interpret.
_MARKUP = re.compile(r"[*_`~|\[\]]")
# What chat clients link on their own: `scheme://` and `host.name`.
_LINKABLE = re.compile(r"(?<=[A-Za-z0-9])(:(?=//)|\.(?=[A-Za-z0-9]))")
_ZERO_WIDTH = "\u200b"


def plain_name(name: str) -> str:
    """A display name safe to print inside light markup: it formats and links nothing."""
    text = " ".join(name.split())[:MAX_NAME] or "someone"
    return _LINKABLE.sub(lambda m: m.group(0) + _ZERO_WIDTH, _MARKUP.sub("", text))
