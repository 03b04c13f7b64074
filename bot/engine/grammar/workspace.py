"""The grammar of `/llm settings …`: the workspace's time zone and admin roles."""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine.errors import UsageError
from bot.engine.grammar.command import CommandTraits
from bot.engine.grammar.daily import ZONE
from bot.engine.grammar.roles import parse_role
from bot.engine.reply import said

SETTINGS_USAGE = (
    "/llm settings",
    "/llm settings timezone <Area/City>",
    "/llm settings admin-roles <role …|none>",
)


@dataclass(frozen=True, slots=True)
class SettingsShow(CommandTraits):
    pass


@dataclass(frozen=True, slots=True)
class SettingsTimezone(CommandTraits):
    zone: str


@dataclass(frozen=True, slots=True)
class SettingsAdminRoles(CommandTraits):
    roles: tuple[str, ...]


SettingsCommand = SettingsShow | SettingsTimezone | SettingsAdminRoles
# Only admins may run these; their replies also carry any pause notice of the workspace.
SettingsAdminCommand = SettingsTimezone | SettingsAdminRoles


def _usage() -> str:
    return "\n".join(f"`{line}`" for line in SETTINGS_USAGE)


def parse_settings(rest: str) -> SettingsCommand:
    head, _, args = rest.strip().partition(" ")
    name = head.lower()
    words = args.split()
    if not name:
        return SettingsShow()
    if name in ("timezone", "tz", "zone"):
        if len(words) != 1 or not ZONE.match(words[0]):
            raise UsageError(
                "Give one IANA time zone name, e.g. `Europe/Paris`.", _usage()
            )
        return SettingsTimezone("UTC" if words[0].lower() == "utc" else words[0])
    if name in ("admin-roles", "admin-role", "admins"):
        if not words:
            raise UsageError("Name the roles, or `none`.", _usage())
        if len(words) == 1 and words[0].lower() in ("none", "off"):
            return SettingsAdminRoles(())
        return SettingsAdminRoles(tuple(dict.fromkeys(parse_role(w) for w in words)))
    raise UsageError(f"I don't know `settings {said(head[:20])}`.", _usage())
