"""The grammar of `/llm team …`: names may have spaces; quotes or ` to ` separate two names."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from typing import ClassVar

from bot.engine.errors import UsageError
from bot.engine.grammar.command import CommandTraits
from bot.engine.grammar.roles import parse_role
from bot.engine.reply import said

TEAM_USAGE = (
    "/llm team create|join <name>",
    "/llm team leave|list",
    "/llm team show [name]",
    "/llm team rename <name> to <new name>",
    "/llm team delete <name>",
    "/llm team link <name> <role|off>",
)


@dataclass(frozen=True, slots=True)
class TeamCreate(CommandTraits):
    name: str


@dataclass(frozen=True, slots=True)
class TeamJoin(CommandTraits):
    name: str


@dataclass(frozen=True, slots=True)
class TeamLeave(CommandTraits):
    pass


@dataclass(frozen=True, slots=True)
class TeamList(CommandTraits):
    private: ClassVar[bool] = False


@dataclass(frozen=True, slots=True)
class TeamShow(CommandTraits):
    private: ClassVar[bool] = False
    name: str | None = None


@dataclass(frozen=True, slots=True)
class TeamRename(CommandTraits):
    name: str
    new_name: str


@dataclass(frozen=True, slots=True)
class TeamDelete(CommandTraits):
    name: str


@dataclass(frozen=True, slots=True)
class TeamLink(CommandTraits):
    """Map a team to a Discord role or Slack user group; `role` None removes the link."""

    name: str
    role: str | None


TeamCommand = (
    TeamCreate | TeamJoin | TeamLeave | TeamList | TeamShow | TeamRename | TeamDelete | TeamLink
)
TeamAdminCommand = TeamRename | TeamDelete | TeamLink

_TO = re.compile(r"\s+(?:to|->|=>)\s+", re.IGNORECASE)


def _usage() -> str:
    return "\n".join(f"`{line}`" for line in TEAM_USAGE)


def _name(text: str, what: str) -> str:
    name = " ".join(text.strip().strip("\"'").split())
    if not name:
        raise UsageError(f"Which team? Give its name to {what} it.", _usage())
    return name


def parse_team(rest: str) -> TeamCommand:
    head, _, args = rest.strip().partition(" ")
    name = head.lower()
    args = args.strip()
    if name in ("", "list", "ls"):
        if args:
            raise UsageError("`team list` takes no arguments.", _usage())
        return TeamList()
    if name == "leave":
        if args:
            raise UsageError("`team leave` takes no arguments: you leave your own team.", _usage())
        return TeamLeave()
    if name == "create":
        return TeamCreate(_name(args, "create"))
    if name == "join":
        return TeamJoin(_name(args, "join"))
    if name == "show":
        return TeamShow(_name(args, "show") if args else None)
    if name == "delete":
        return TeamDelete(_name(args, "delete"))
    if name == "rename":
        return TeamRename(*_two_names(args))
    if name == "link":
        return _link(args)
    raise UsageError(f"I don't know `team {said(head[:20])}`.", _usage())


def _two_names(args: str) -> tuple[str, str]:
    parts = _TO.split(args, maxsplit=1)
    if len(parts) != 2:
        try:
            parts = shlex.split(args)
        except ValueError:
            parts = []
    if len(parts) != 2:
        raise UsageError("Give the team and its new name: `rename Old to New`.", _usage())
    return _name(parts[0], "rename"), _name(parts[1], "rename")


def _link(args: str) -> TeamLink:
    team, _, role = args.rpartition(" ")
    if not team.strip() or not role:
        raise UsageError("Give the team and the role (or `off`).", _usage())
    if role.lower() in ("off", "none"):
        return TeamLink(_name(team, "link"), None)
    return TeamLink(_name(team, "link"), parse_role(role))
