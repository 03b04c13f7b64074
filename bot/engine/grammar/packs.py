"""The grammar of `/llm pack …`: a workspace's question packs.

A pack file cannot travel in typed text: Discord's `/llm pack import` carries it as an
attachment, Slack's opens a form with a file field, and a terminal has
`llmbot pack import FILE`. Typed, `pack import` is `PackUpload`, the request for that file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from bot.engine.errors import UsageError
from bot.engine.grammar.command import CommandTraits
from bot.engine.reply import said

PACK_USAGE = "/llm pack import|list|show <name>|remove <name>"


@dataclass(frozen=True, slots=True)
class PackImport(CommandTraits):
    """A pack file to validate and, unless `dry_run`, store. `content` is None when the file
    was over the size limit and left unread; `size` is its size in bytes either way. Chat
    replies list the first problems; a terminal asks for `all_problems`."""

    slow: ClassVar[bool] = True

    filename: str
    content: bytes | None
    size: int
    name: str | None = None
    license: str | None = None
    replace: bool = False
    dry_run: bool = False
    all_problems: bool = False


@dataclass(frozen=True, slots=True)
class PackUpload(CommandTraits):
    """`/llm pack import` typed: the platform asks the admin for the file."""


@dataclass(frozen=True, slots=True)
class PackList(CommandTraits):
    pass


@dataclass(frozen=True, slots=True)
class PackShow(CommandTraits):
    name: str


@dataclass(frozen=True, slots=True)
class PackRemove(CommandTraits):
    """Without `version`, the admin is asked to confirm; the confirmation button carries the
    workspace's pack version, so a button pressed after the packs changed removes nothing."""

    name: str
    version: int | None = None


PackCommand = PackImport | PackUpload | PackList | PackShow | PackRemove


def _usage() -> str:
    return f"`{PACK_USAGE}`"


def parse_pack(rest: str) -> PackCommand:
    head, _, args = rest.strip().partition(" ")
    name = head.lower()
    words = args.split()
    if name in ("", "list"):
        if words:
            raise UsageError("`pack list` takes no arguments.", _usage())
        return PackList()
    if name == "import":
        return PackUpload()
    if name in ("show", "remove"):
        if len(words) != 1:
            raise UsageError(f"Which pack? `/llm pack {name} <name>`.", _usage())
        pack = words[0].lower()
        return PackShow(pack) if name == "show" else PackRemove(pack)
    raise UsageError(f"I don't know `pack {said(head[:20])}`.", _usage())
