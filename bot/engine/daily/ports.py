"""How the engine posts to a channel on its own: the small interface each chat adapter implements.

Only the scheduled daily posts, reveals, recaps and streak warnings use it; replies
to commands still go back through the adapter that received the command.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from bot.engine.reply import Reply

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PostTarget:
    """A channel in the platform's own ids (guild or team id, channel id)."""

    platform: str
    workspace: str
    channel: str

    @classmethod
    def of(cls, workspace_key: str, channel: str) -> PostTarget:
        platform, _, workspace = workspace_key.partition(":")
        return cls(platform, workspace, channel)

    @property
    def workspace_key(self) -> str:
        return f"{self.platform}:{self.workspace}"


class ChannelUnavailable(Exception):
    """A lasting reason the bot cannot post to a channel: access lost, channel gone or archived.

    The message is shown to admins as is, so it should say what to fix. Any other
    exception from a poster counts as passing, and the post is retried.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class ChannelPoster(Protocol):
    async def post(self, target: PostTarget, reply: Reply) -> str:
        """Send `reply` as a public message (mentions disabled) and return a reference
        to it that `edit` accepts."""

    async def check(self, target: PostTarget) -> None:
        """Raise `ChannelUnavailable` if the bot could not post in that channel now."""


@runtime_checkable
class MessageEditor(Protocol):
    """Optional: replace an earlier post (the daily question loses its buttons at close)."""

    async def edit(self, target: PostTarget, message_ref: str, reply: Reply) -> None: ...


@runtime_checkable
class PrivateNotifier(Protocol):
    """Optional: show a reply to one member only (Slack: ephemeral; Discord: direct message)."""

    async def notify(self, target: PostTarget, user_id: str, reply: Reply) -> None: ...


class Posters:
    """The poster serving each platform in this process; a change wakes the scheduler."""

    def __init__(self) -> None:
        self._by_platform: dict[str, ChannelPoster] = {}
        self._listeners: list[Callable[[], None]] = []

    def register(self, platform: str, poster: ChannelPoster) -> None:
        self._by_platform[platform] = poster
        log.info("daily posts enabled for %s", platform)
        self._changed()

    def unregister(self, platform: str) -> None:
        if self._by_platform.pop(platform, None) is not None:
            self._changed()

    def get(self, platform: str) -> ChannelPoster | None:
        return self._by_platform.get(platform)

    def platforms(self) -> frozenset[str]:
        return frozenset(self._by_platform)

    def on_change(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def _changed(self) -> None:
        for listener in self._listeners:
            listener()
