"""Helpers for the daily-question suites: a poster that records what it sent and fails on cue,
and a driven scheduler."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.adapters.console import ConsolePoster
from bot.engine import Engine, Reply
from bot.engine.daily.ports import ChannelUnavailable, PostTarget
from bot.knowledge import KnowledgeBase
from tests.support import ManualClock


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


@dataclass(frozen=True, slots=True)
class Sent:
    """One message the poster sent: a post, an edit or a private notice."""

    target: PostTarget
    reply: Reply
    ref: str
    to_user: str | None = None
    edit: bool = False


class RecordingPoster(ConsolePoster):
    """The console poster (into a buffer) that keeps everything it sent, for assertions."""

    def __init__(self) -> None:
        super().__init__(io.StringIO())
        self.sent: list[Sent] = []

    async def post(self, target: PostTarget, reply: Reply) -> str:
        ref = await super().post(target, reply)
        self.sent.append(Sent(target, reply, ref))
        return ref

    async def edit(self, target: PostTarget, message_ref: str, reply: Reply) -> None:
        await super().edit(target, message_ref, reply)
        self.sent.append(Sent(target, reply, message_ref, edit=True))

    async def notify(self, target: PostTarget, user_id: str, reply: Reply) -> None:
        await super().notify(target, user_id, reply)
        self.sent.append(Sent(target, reply, "", to_user=user_id))

    def posts(self, kind: str | None = None) -> list[Reply]:
        """Public posts so far in order (edits and private notes left out), of one kind."""
        return [
            sent.reply
            for sent in self.sent
            if sent.to_user is None
            and not sent.edit
            and (kind is None or sent.reply.kind == kind)
        ]

    def notes(self) -> list[Sent]:
        return [sent for sent in self.sent if sent.to_user is not None]


class ScriptedPoster(RecordingPoster):
    """The recording poster with failures a test switches on per channel."""

    def __init__(self) -> None:
        super().__init__()
        self.lasting: dict[str, str] = {}
        self.transient: set[str] = set()
        self.attempts = 0
        self.timeline: list[tuple[datetime, str]] = []
        self.clock: ManualClock | None = None

    async def post(self, target: PostTarget, reply: Reply) -> str:
        self.attempts += 1
        if target.channel in self.lasting:
            raise ChannelUnavailable(self.lasting[target.channel])
        if target.channel in self.transient:
            raise ConnectionError("connection reset")
        if self.clock is not None:
            self.timeline.append((self.clock.now(), reply.kind))
        return await super().post(target, reply)

    def times(self, kind: str) -> list[datetime]:
        return [at for at, posted in self.timeline if posted == kind]

    async def check(self, target: PostTarget) -> None:
        if target.channel in self.lasting:
            raise ChannelUnavailable(self.lasting[target.channel])


def attach(engine: Engine, clock: ManualClock, platform: str = "console") -> ScriptedPoster:
    poster = ScriptedPoster()
    poster.clock = clock
    engine.posters.register(platform, poster)
    return poster


async def advance(engine: Engine, clock: ManualClock, until: datetime) -> None:
    """Run the scheduler the way its loop would: every pass at the time the last one asked
    for, up to `until`, with the clock jumping instead of sleeping."""
    while True:
        wake = await engine.scheduler.run_due(clock.now())
        if wake is None or wake > until:
            break
        clock.set(wake)
    if clock.now() < until:
        clock.set(until)
        await engine.scheduler.run_due(until)


def answer_button(kb: KnowledgeBase, post: Reply, *, right: bool) -> str:
    """The action id of the right (or of a wrong) option of a posted question."""
    question = kb.questions[post.data["question_id"]]
    right_text = question.options[question.answer_index].text
    for button, choice in zip(post.buttons, post.data["choices"], strict=True):
        if (choice["text"] == right_text) == right:
            return button.action_id
    raise AssertionError("no such option")
