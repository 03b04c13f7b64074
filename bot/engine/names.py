"""Names shown on boards, made plain: no light markup, bounded length.

Platform mention syntax is the adapters' business: each renders text so that nothing in
it notifies anyone (Discord: no allowed mentions and inert mention syntax in public
posts; Slack: escaped control characters and verbatim text).
"""

from __future__ import annotations

import re

MAX_NAME = 40
# The light markup characters our renderers interpret.
_MARKUP = re.compile(r"[*_`~|\[\]]")


def plain_name(name: str) -> str:
    """A display name safe to print inside light markup: it formats nothing."""
    text = " ".join(name.split())[:MAX_NAME] or "someone"
    return _MARKUP.sub("", text)
