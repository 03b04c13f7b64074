"""Discord API objects as the stand-in sends them: users, the guild, messages, interactions."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

# Discord's epoch (2015-01-01) in ms; snowflakes carry their creation time from it.
_DISCORD_EPOCH_MS = 1_420_070_400_000
_counter = itertools.count(1)

MANAGE_GUILD = 1 << 5
VIEW_CHANNEL, SEND_MESSAGES, EMBED_LINKS = 1 << 10, 1 << 11, 1 << 14
ATTACH_FILES, READ_MESSAGE_HISTORY = 1 << 15, 1 << 16
# What `llmbot discord invite-url` asks for, given to the bot's own role.
BOT_PERMISSIONS = VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS | ATTACH_FILES | READ_MESSAGE_HISTORY
TEXT_CHANNEL, DM_CHANNEL = 0, 1
ROLE_OVERWRITE = 0
DEFAULT_MESSAGE, COMMAND_MESSAGE = 0, 20


def snowflake() -> int:
    """A fresh id with a current timestamp, as Discord makes them."""
    now_ms = int(datetime.now(UTC).timestamp() * 1000)
    return ((now_ms - _DISCORD_EPOCH_MS) << 22) | (next(_counter) & 0x3FFFFF)


def timestamp() -> str:
    return datetime.now(UTC).isoformat()


@dataclass(frozen=True)
class Member:
    """A guild member who clicks and types in tests."""

    id: int
    name: str
    roles: tuple[int, ...] = ()
    manage_guild: bool = False

    def user(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.name.lower(),
            "global_name": self.name,
            "discriminator": "0",
            "avatar": None,
        }

    def member(self) -> dict[str, Any]:
        return {
            "user": self.user(),
            "roles": [str(r) for r in self.roles],
            "nick": None,
            "joined_at": timestamp(),
            "deaf": False,
            "mute": False,
            "flags": 0,
            "permissions": str(MANAGE_GUILD if self.manage_guild else 0),
        }


@dataclass(frozen=True)
class Role:
    """A role option as a member picks it in a command."""

    id: int
    name: str

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "permissions": "0",
            "color": 0,
            "hoist": False,
            "position": 1,
            "managed": False,
            "mentionable": False,
        }


@dataclass(frozen=True)
class Attached:
    """A file a member attaches to a command option (`/llm pack import file:…`)."""

    filename: str
    data: bytes
    content_type: str = "application/x-yaml"


@dataclass
class World:
    """The one application, bot user, guild and channel the stand-in serves.

    `denied` holds permission bits the channel takes away from the bot's role, as a
    server admin would with a channel override; set it before the bot connects.
    """

    token: str
    app_id: int = field(default_factory=snowflake)
    guild_id: int = field(default_factory=snowflake)
    channel_id: int = field(default_factory=snowflake)
    role_id: int = field(default_factory=snowflake)
    bot_role_id: int = field(default_factory=snowflake)
    denied: int = 0

    @property
    def learners(self) -> Role:
        return Role(self.role_id, "learners")

    def bot_user(self) -> dict[str, Any]:
        return {
            "id": str(self.app_id),
            "username": "llmbot",
            "global_name": None,
            "discriminator": "0",
            "avatar": None,
            "bot": True,
        }

    def application(self) -> dict[str, Any]:
        owner = {"id": "1", "username": "owner", "discriminator": "0", "avatar": None}
        return {
            "id": str(self.app_id),
            "name": "llmbot",
            "icon": None,
            "description": "",
            "bot_public": True,
            "bot_require_code_grant": False,
            "owner": owner,
            "verify_key": "0" * 64,
            "flags": 0,
        }

    def channel(self) -> dict[str, Any]:
        return {
            "id": str(self.channel_id),
            "type": TEXT_CHANNEL,
            "guild_id": str(self.guild_id),
            "name": "general",
            "position": 0,
            "permission_overwrites": [
                {
                    "id": str(self.bot_role_id),
                    "type": ROLE_OVERWRITE,
                    "allow": "0",
                    "deny": str(self.denied),
                }
            ]
            if self.denied
            else [],
            "nsfw": False,
            "parent_id": None,
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
        }

    def guild(self) -> dict[str, Any]:
        everyone = {"id": str(self.guild_id), "name": "@everyone", "permissions": "1024"}
        learners = {"id": str(self.role_id), "name": "learners", "permissions": "0"}
        bot = {"id": str(self.bot_role_id), "name": "llmbot", "permissions": str(BOT_PERMISSIONS)}
        roles = [
            {"color": 0, "hoist": False, "position": n, "managed": False, "mentionable": False, **r}
            for n, r in enumerate((everyone, learners, bot))
        ]
        # Discord always sends the bot's own member, whatever the intents.
        me = {
            "user": self.bot_user(),
            "roles": [str(self.bot_role_id)],
            "nick": None,
            "joined_at": timestamp(),
            "deaf": False,
            "mute": False,
            "flags": 0,
        }
        return {
            "id": str(self.guild_id),
            "name": "Test guild",
            "icon": None,
            "owner_id": "1",
            "unavailable": False,
            "member_count": 3,
            "large": False,
            "roles": roles,
            "channels": [self.channel()],
            "threads": [],
            "members": [me],
            "emojis": [],
            "stickers": [],
            "features": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "voice_states": [],
            "presences": [],
            "joined_at": timestamp(),
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "premium_tier": 0,
            "preferred_locale": "en-US",
            "system_channel_flags": 0,
            "nsfw_level": 0,
        }

    def message(
        self,
        message_id: int,
        data: dict[str, Any],
        attachments: list[dict[str, Any]],
        channel_id: int | None = None,
    ) -> dict[str, Any]:
        """A message the bot created: by default in answer to an interaction (a response or
        follow-up), else posted in `channel_id` on its own."""
        by_interaction = channel_id is None
        message = {
            "id": str(message_id),
            "channel_id": str(channel_id or self.channel_id),
            "guild_id": str(self.guild_id),
            "type": COMMAND_MESSAGE if by_interaction else DEFAULT_MESSAGE,
            "content": data.get("content") or "",
            "author": self.bot_user(),
            "embeds": data.get("embeds") or [],
            "components": data.get("components") or [],
            "attachments": attachments,
            "flags": data.get("flags") or 0,
            "timestamp": timestamp(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "pinned": False,
        }
        if by_interaction:
            message.update(application_id=str(self.app_id), webhook_id=str(self.app_id))
        return message

    def dm_channel(self, channel_id: int, recipient: dict[str, Any]) -> dict[str, Any]:
        return {"id": str(channel_id), "type": DM_CHANNEL, "recipients": [recipient]}

    def interaction(
        self, kind: int, member: Member, data: dict[str, Any], **extra: Any
    ) -> dict[str, Any]:
        return {
            "id": str(snowflake()),
            "application_id": str(self.app_id),
            "type": kind,
            "token": f"itoken-{snowflake()}",
            "version": 1,
            "guild_id": str(self.guild_id),
            "channel_id": str(self.channel_id),
            "channel": self.channel(),
            "member": member.member(),
            "data": data,
            "locale": "en-US",
            "guild_locale": "en-US",
            "app_permissions": "0",
            "attachment_size_limit": 10 * 1024 * 1024,
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(self.guild_id)},
            "context": 0,
            **extra,
        }
