"""Platform-neutral use cases: explain, quiz, answer, daily posts, teams, leaderboards."""

from bot.engine.actor import Actor
from bot.engine.clock import Clock, SystemClock
from bot.engine.daily.ports import (
    ChannelPoster,
    ChannelUnavailable,
    MessageEditor,
    PostTarget,
    PrivateNotifier,
)
from bot.engine.engine import Engine
from bot.engine.reply import (
    MEMBER_SPAN,
    Button,
    Field,
    Image,
    Link,
    MenuOption,
    Reply,
    ReplyKind,
    Style,
    Visibility,
    said,
    unmarked,
)

__all__ = [
    "MEMBER_SPAN",
    "Actor",
    "Button",
    "ChannelPoster",
    "ChannelUnavailable",
    "Clock",
    "Engine",
    "Field",
    "Image",
    "Link",
    "MenuOption",
    "MessageEditor",
    "PostTarget",
    "PrivateNotifier",
    "Reply",
    "ReplyKind",
    "Style",
    "SystemClock",
    "Visibility",
    "said",
    "unmarked",
]
