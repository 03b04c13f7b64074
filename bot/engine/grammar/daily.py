"""The grammar of `/llm daily …`: the setup's arguments are recognised by shape, in any order."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from bot.engine.errors import UsageError
from bot.engine.grammar.command import CommandTraits
from bot.engine.reply import said

DAILY_USAGE = (
    "/llm daily setup [HH:MM] [Area/City] [mon-fri|every|…] [easy|medium|hard|mixed] "
    "[topic ids] [Nh] [instant|at-close] [recap|no-recap]",
    "/llm daily off|status|preview|skip|now",
)
_TIME = re.compile(r"^(\d{1,2})(?::(\d{2}))?(am|pm)?$")
ZONE = re.compile(r"^(?:UTC|[A-Za-z_]+(?:/[A-Za-z0-9_+\-]+)+)$", re.IGNORECASE)
_WINDOW = re.compile(r"^(\d{1,2})h$")
_DAY_RANGE = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)(?:-(mon|tue|wed|thu|fri|sat|sun))?$")
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_WORDS = {
    "every": "1111111",
    "daily": "1111111",
    "everyday": "1111111",
    "weekdays": "1111100",
    "weekends": "0000011",
}
_DIFFICULTY_WORDS = {"easy": "easy", "medium": "medium", "hard": "hard", "mixed": "mixed"}
_FEEDBACK_WORDS = {"instant": "instant", "at-close": "at_close", "hidden": "at_close"}


@dataclass(frozen=True, slots=True)
class DailySetup(CommandTraits):
    """What the admin typed; None keeps the channel's current (or default) value."""

    slow: ClassVar[bool] = True

    time: str | None = None
    timezone: str | None = None
    days: str | None = None
    difficulty: str | None = None
    topics: tuple[str, ...] = ()
    all_topics: bool = False
    window_hours: int | None = None
    feedback: str | None = None
    recap: bool | None = None


@dataclass(frozen=True, slots=True)
class DailyOff(CommandTraits):
    pass


@dataclass(frozen=True, slots=True)
class DailyStatus(CommandTraits):
    pass


@dataclass(frozen=True, slots=True)
class DailyPreview(CommandTraits):
    pass


@dataclass(frozen=True, slots=True)
class DailySkip(CommandTraits):
    pass


@dataclass(frozen=True, slots=True)
class DailyNow(CommandTraits):
    slow: ClassVar[bool] = True


DailyCommand = DailySetup | DailyOff | DailyStatus | DailyPreview | DailySkip | DailyNow
# Only admins may run these; their replies also carry any pause notice of the workspace.
DailyAdminCommand = DailySetup | DailyOff | DailyPreview | DailySkip | DailyNow

_SIMPLE: dict[str, DailyCommand] = {
    "off": DailyOff(),
    "stop": DailyOff(),
    "status": DailyStatus(),
    "preview": DailyPreview(),
    "skip": DailySkip(),
    "now": DailyNow(),
}


def _usage(lines: tuple[str, ...]) -> str:
    return "\n".join(f"`{line}`" for line in lines)


def parse_daily(rest: str) -> DailyCommand:
    head, _, args = rest.strip().partition(" ")
    name = head.lower()
    if name in _SIMPLE:
        if args.strip():
            raise UsageError(f"`daily {name}` takes no arguments.", _usage(DAILY_USAGE))
        return _SIMPLE[name]
    if name in ("setup", "set", "on"):
        return parse_setup(args)
    if not name:
        return DailyStatus()
    raise UsageError(f"I don't know `daily {said(head[:20])}`.", _usage(DAILY_USAGE))


def parse_setup(args: str) -> DailySetup:
    """Each word is taken by the first shape it fits; leftover words name topics."""
    found: dict[str, object] = {}
    topics: list[str] = []
    for word in args.split():
        key, value = _shape(word)
        if key == "topic":
            topics.extend(t for t in word.lower().split(",") if t)
            continue
        if key == "days" and "days" in found:
            value = _union(str(found["days"]), str(value))
        elif key in found and found[key] != value:
            raise UsageError(f"Two values for the {key}: give it once.", _usage(DAILY_USAGE))
        found[key] = value
    if len(topics) > 10:
        raise UsageError("Choose at most 10 topics.", _usage(DAILY_USAGE))
    return DailySetup(
        time=found.get("time"),  # type: ignore[arg-type]
        timezone=found.get("time zone"),  # type: ignore[arg-type]
        days=found.get("days"),  # type: ignore[arg-type]
        difficulty=found.get("difficulty"),  # type: ignore[arg-type]
        topics=tuple(dict.fromkeys(topics)),
        all_topics=bool(found.get("topic filter")),
        window_hours=found.get("answer window"),  # type: ignore[arg-type]
        feedback=found.get("feedback"),  # type: ignore[arg-type]
        recap=found.get("recap"),  # type: ignore[arg-type]
    )


def _shape(word: str) -> tuple[str, object]:
    lower = word.lower()
    if lower in _DIFFICULTY_WORDS:
        return "difficulty", _DIFFICULTY_WORDS[lower]
    if lower in _FEEDBACK_WORDS:
        return "feedback", _FEEDBACK_WORDS[lower]
    if lower in ("recap", "no-recap"):
        return "recap", lower == "recap"
    if lower in ("all-topics", "any-topic"):
        return "topic filter", True
    days = parse_days(lower)
    if days is not None:
        return "days", days
    if (clock := _time(lower)) is not None:
        return "time", clock
    if (window := _WINDOW.match(lower)) is not None:
        hours = int(window[1])
        if not 1 <= hours <= 23:
            raise UsageError("The answer window is 1h to 23h.", _usage(DAILY_USAGE))
        return "answer window", hours
    if ZONE.match(word):
        return "time zone", "UTC" if lower == "utc" else word
    return "topic", lower


def _time(word: str) -> str | None:
    match = _TIME.match(word)
    if match is None or (match[2] is None and match[3] is None):
        return None
    hours, minutes = int(match[1]), int(match[2] or 0)
    if match[3]:
        if not 1 <= hours <= 12:
            raise UsageError(f"{said(word)} is not a time of day.", _usage(DAILY_USAGE))
        hours = hours % 12 + (12 if match[3] == "pm" else 0)
    if hours > 23 or minutes > 59:
        raise UsageError(f"{said(word)} is not a time of day.", _usage(DAILY_USAGE))
    return f"{hours:02d}:{minutes:02d}"


def _union(first: str, second: str) -> str:
    return "".join("1" if "1" in pair else "0" for pair in zip(first, second, strict=True))


def parse_days(word: str) -> str | None:
    """A weekday mask (Monday first) from `every`, `weekdays`, `mon-fri`, `fri-mon`,
    `mon,wed,fri`; None if the word is not a day specification."""
    if word in _DAY_WORDS:
        return _DAY_WORDS[word]
    chosen: set[int] = set()
    for part in word.replace("+", ",").split(","):
        match = _DAY_RANGE.match(part)
        if match is None:
            return None
        first = _WEEKDAYS.index(match[1])
        last = _WEEKDAYS.index(match[2]) if match[2] else first
        span = (last - first) % 7
        chosen.update((first + i) % 7 for i in range(span + 1))
    return "".join("1" if i in chosen else "0" for i in range(7))
