"""The platform-neutral answer every use case returns and every adapter renders."""

from __future__ import annotations

import dataclasses
import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.engine.payloads import OMITTED_WHEN_NONE
from bot.pictures.picture import Picture

if TYPE_CHECKING:
    from bot.engine.payloads import Payload

# Text a member typed travels through replies between these two marks, so that every
# renderer can show it inert (no links, mentions or markup) while our own text keeps its markup.
MEMBER_OPEN = "\x0e"
MEMBER_CLOSE = "\x0f"
MEMBER_SPAN = re.compile("\x0e([^\x0e\x0f]*)\x0f")
_MARKS = re.compile("[\x0e\x0f]")


def said(text: str) -> str:
    """Mark text that came from a member: renderers show it as plain, inert text."""
    return f"{MEMBER_OPEN}{_MARKS.sub('', text)}{MEMBER_CLOSE}"


def unmarked(text: str) -> str:
    """The text without its member marks, for outputs that render no markup (JSON, plain text)."""
    return _MARKS.sub("", text)


class ReplyKind(enum.StrEnum):
    """What happened, for adapters and scripts; the strings are part of `llmbot ask --json`."""

    HELP = "help"
    HELP_SCORING = "help_scoring"
    TOPICS = "topics"
    TOKENS = "tokens"
    SAMPLE = "sample"
    EXPLANATION = "explanation"
    # An answer to `/llm ask` (the quiz's `answer` kind keeps its meaning).
    ASK = "ask"
    DECLINED = "declined"
    QUIZ = "quiz"
    ANSWER = "answer"
    ANSWER_RECORDED = "answer_recorded"
    ALREADY_ANSWERED = "already_answered"
    LEADERBOARD = "leaderboard"
    STATS = "stats"
    TEAM = "team"
    TEAM_LIST = "team_list"
    TEAM_CREATED = "team_created"
    TEAM_JOINED = "team_joined"
    TEAM_LEFT = "team_left"
    TEAM_RENAMED = "team_renamed"
    TEAM_DELETED = "team_deleted"
    TEAM_LINKED = "team_linked"
    SETTINGS = "settings"
    DAILY_STATUS = "daily_status"
    DAILY_OFF = "daily_off"
    DAILY_PREVIEW = "daily_preview"
    DAILY_NOW = "daily_now"
    # The App Home overview of a member's daily questions; the string predates the name.
    DAILY_OVERVIEW = "daily_glance"
    DAILY_REVEAL = "daily_reveal"
    DAILY_RECAP = "daily_recap"
    STREAK_WARNING = "streak_warning"
    PACK_IMPORTED = "pack_imported"
    PACK_CHECKED = "pack_checked"
    PACK_INVALID = "pack_invalid"
    PACK_UPLOAD = "pack_upload"
    PACK_LIST = "pack_list"
    PACK_DETAIL = "pack_detail"
    PACK_REMOVE_CONFIRM = "pack_remove_confirm"
    PACK_REMOVED = "pack_removed"
    PRACTICE = "practice"
    PRACTICE_ANSWER = "practice_answer"
    PRACTICE_DONE = "practice_done"
    PRACTICE_STOPPED = "practice_stopped"
    PROBLEM_REASONS = "problem_reasons"
    PROBLEM_REPORTED = "problem_reported"
    PROGRESS = "progress"
    PROGRESS_ME = "progress_me"
    PROGRESS_EXPORT = "progress_export"
    FORGET_CONFIRM = "forget_confirm"
    FORGET_CANCELLED = "forget_cancelled"
    FORGOTTEN = "forgotten"
    USAGE = "usage"
    REFUSED = "refused"
    ERROR = "error"


class Visibility(enum.StrEnum):
    PUBLIC = "public"
    PRIVATE = "private"


class Style(enum.StrEnum):
    PRIMARY = "primary"
    SECONDARY = "secondary"
    SUCCESS = "success"
    DANGER = "danger"


@dataclass(frozen=True, slots=True)
class Button:
    """A clickable choice; `action_id` is an encoded action (see `actions`)."""

    action_id: str
    label: str
    style: Style = Style.SECONDARY


@dataclass(frozen=True, slots=True)
class MenuOption:
    """One entry of a pick-one menu (related topics)."""

    action_id: str
    label: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    value: str
    inline: bool = False


@dataclass(frozen=True, slots=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True, slots=True)
class Image:
    """A shipped figure, read from the package (a generated picture is a `Picture`)."""

    path: Path
    alt: str


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file sent with the reply (a CSV export, a full token list): small, made in memory."""

    filename: str
    content: bytes
    mime: str = "text/csv"
    # A line sent with the file where it arrives on its own (Slack's direct message).
    note: str = ""


@dataclass(frozen=True, slots=True)
class Reply:
    """What to show: text in light markup (**bold**, *italic*, `code`, `- ` bullets, links).

    `kind` tells scripts and adapters what happened; `payload` carries the facts a program
    needs (topic id, quiz id, standings…) as a typed object adapters `match` on. `data` is
    the same facts as scripts read them in JSON: derived from `payload` when there is one
    (with any `paused_notice`), else whatever facts the maker of the reply gave.
    """

    kind: ReplyKind
    title: str
    body: str = ""
    fields: tuple[Field, ...] = ()
    sources: tuple[Link, ...] = ()
    image: Image | Picture | None = None
    attachment: Attachment | None = None
    buttons: tuple[Button, ...] = ()
    menu: tuple[MenuOption, ...] = ()
    menu_placeholder: str = ""
    footer: str = ""
    visibility: Visibility = Visibility.PUBLIC
    payload: Payload | None = None
    paused_notice: str | None = None
    data: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.payload is not None or self.paused_notice is not None:
            data = facts(self.payload) if self.payload is not None else dict(self.data)
            if self.paused_notice is not None:
                data["paused_notice"] = self.paused_notice
            object.__setattr__(self, "data", data)

    @property
    def private(self) -> bool:
        return self.visibility is Visibility.PRIVATE

    def to_json(self) -> dict[str, Any]:
        """One JSON object: `kind` and the `data` facts at the top level, then the display."""
        out: dict[str, Any] = {"kind": str(self.kind), **self.data}
        out.update(
            title=unmarked(self.title),
            body=unmarked(self.body),
            visibility=self.visibility.value,
            fields=[{"name": unmarked(f.name), "value": unmarked(f.value)} for f in self.fields],
            sources=[{"label": s.label, "url": s.url} for s in self.sources],
            buttons=[{"action_id": b.action_id, "label": unmarked(b.label)} for b in self.buttons],
        )
        if self.menu:
            out["menu"] = [{"action_id": o.action_id, "label": o.label} for o in self.menu]
        if isinstance(self.image, Image):
            out["image"] = {"path": str(self.image.path), "alt": self.image.alt}
        elif isinstance(self.image, Picture):
            # Made for this reply and kept in memory: `llmbot ask` writes it to a file.
            out["image"] = {"filename": self.image.filename, "alt": self.image.alt,
                            "sha256": self.image.digest}
        if self.footer:
            out["footer"] = unmarked(self.footer)
        if self.attachment is not None:
            out["attachment"] = {
                "filename": self.attachment.filename,
                "mime": self.attachment.mime,
                "size": len(self.attachment.content),
                "text": self.attachment.content.decode("utf-8", "replace"),
            }
        return out


def facts(payload: object) -> dict[str, Any]:
    """A payload as JSON facts: its fields in order, nested payloads as objects, tuples as
    lists; a field marked `omitted_when_none` is left out while it is None."""
    assert dataclasses.is_dataclass(payload) and not isinstance(payload, type)
    out: dict[str, Any] = {}
    for item in dataclasses.fields(payload):
        value = getattr(payload, item.name)
        if value is None and item.metadata.get(OMITTED_WHEN_NONE):
            continue
        out[item.name] = _plain(value)
    return out


def _plain(value: object) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return facts(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value
