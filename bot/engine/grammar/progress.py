"""The grammar of `/llm practice`, `/llm progress`, `/llm problem` and `/llm forget-me`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.engine.errors import UsageError
from bot.engine.grammar.command import CommandTraits
from bot.engine.progress.review import NOTE_LIMIT, Reason

ProgressView = Literal["show", "me", "export"]
PROGRESS_VIEWS: tuple[ProgressView, ...] = ("show", "me", "export")

PROGRESS_USAGE = {
    "practice": "/llm practice [topic|mistakes]",
    "progress": "/llm progress show|me|export",
    "problem": "/llm problem <quiz id> wrong_key|unclear|outdated|typo [a line]",
    "forget-me": "/llm forget-me",
}


@dataclass(frozen=True, slots=True)
class Practice(CommandTraits):
    """A private practice question: any topic, one topic, or only past mistakes."""

    topic: str | None = None
    mistakes: bool = False


@dataclass(frozen=True, slots=True)
class Progress(CommandTraits):
    view: ProgressView = "me"


@dataclass(frozen=True, slots=True)
class Problem(CommandTraits):
    """A member's report of a problem with the question of a quiz."""

    quiz_id: str
    reason: str | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class ForgetMe(CommandTraits):
    """Asks for confirmation; the button that confirms deletes."""


ProgressCommand = Practice | Progress | Problem | ForgetMe


def parse_practice(rest: str) -> Practice:
    if rest.lower() in ("mistakes", "mistake", "--mistakes"):
        return Practice(mistakes=True)
    if len(rest) > 200:
        raise UsageError("That topic is too long; try a few words.", PROGRESS_USAGE["practice"])
    return Practice(rest or None)


def parse_progress(rest: str) -> Progress:
    view = rest.lower() or "me"
    if view not in PROGRESS_VIEWS:
        raise UsageError(
            "Choose show (admins), me, or export (admins).", f"`{PROGRESS_USAGE['progress']}`"
        )
    return Progress(view)


def parse_problem(rest: str) -> Problem:
    quiz_id, _, after = rest.strip().partition(" ")
    reason_word, _, note = after.strip().partition(" ")
    if not quiz_id:
        raise UsageError("Which quiz? Give its id.", f"`{PROGRESS_USAGE['problem']}`")
    reason = reason_word.lower().replace("-", "_") or None
    if reason is not None and reason not in {r.value for r in Reason}:
        raise UsageError(
            "The reason is one of wrong_key, unclear, outdated or typo.",
            f"`{PROGRESS_USAGE['problem']}`",
        )
    if len(note) > NOTE_LIMIT:
        raise UsageError(
            f"Keep the note to one line of {NOTE_LIMIT} characters.",
            f"`{PROGRESS_USAGE['problem']}`",
        )
    return Problem(quiz_id.upper(), reason, note.strip())


def parse_forget(rest: str) -> ForgetMe:
    if rest:
        raise UsageError("`forget-me` takes no arguments.", f"`{PROGRESS_USAGE['forget-me']}`")
    return ForgetMe()
