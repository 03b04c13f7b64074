"""The golden transcript: a fixed conversation with the engine, recorded as `llmbot ask --json`
prints each reply, so that scripts reading that output notice no change.

Run `python -m tests.golden` to record it again into `tests/data/golden_transcript.json`
(only when a reply changes on purpose, and say why in the commit).
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from unittest import mock

from bot.engine import Actor, ChannelUnavailable, Engine, PostTarget, Reply
from bot.knowledge import KnowledgeBase, load_knowledge
from storage.sqlite import SqliteStore
from tests.support import ManualClock

PATH = Path(__file__).parent / "data" / "golden_transcript.json"
SEED = 7
START = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
WORKSPACE = "golden"
QUIZ_ID_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

Entry = dict[str, Any]


def as_printed(reply: Reply, content_root: Path) -> str:
    """The reply exactly as `llmbot ask --json` prints it, its figure relative to the content.

    A picture drawn for the reply keeps only its alt text: its bytes (and so its hash and file
    name) follow the Pillow and FreeType build, while the alt text carries the same facts.
    """
    out = reply.to_json()
    if "path" in out.get("image", {}):
        path = Path(out["image"]["path"])
        out["image"] = {**out["image"], "path": path.relative_to(content_root).as_posix()}
    elif "image" in out:
        out["image"] = {"alt": out["image"]["alt"]}
    return json.dumps(out, ensure_ascii=False)


def seeded_quiz_ids() -> Callable[[], str]:
    """Quiz ids never come from the engine's seed (restarts would replay them); the recording
    draws them from a generator of its own, so that they are the same on every run."""
    rng = random.Random(f"quiz-ids:{SEED}")
    return lambda: "".join(rng.choice(QUIZ_ID_ALPHABET) for _ in range(8))


@contextmanager
def seeded_uuids() -> Iterator[None]:
    """Team ids come from uuid4; a seeded generator makes them the same on every run."""
    rng = random.Random(SEED)
    with mock.patch.object(uuid, "uuid4", lambda: uuid.UUID(int=rng.getrandbits(128), version=4)):
        yield


@dataclass
class RecordingPoster:
    """The platform side of daily posts: each post, edit and private notice joins the log."""

    log: list[Entry]
    content_root: Path
    refs: int = 0
    posted: list[Reply] = field(default_factory=list)
    lost: set[str] = field(default_factory=set)

    def _add(self, event: str, target: PostTarget, reply: Reply, **extra: str) -> None:
        entry: Entry = {event: target.channel, **extra}
        entry["reply"] = json.loads(as_printed(reply, self.content_root))
        self.log.append(entry)

    async def post(self, target: PostTarget, reply: Reply) -> str:
        if target.channel in self.lost:
            raise ChannelUnavailable("the bot was removed from this channel.")
        self.refs += 1
        self.posted.append(reply)
        self._add("posted", target, reply)
        return f"message-{self.refs}"

    async def check(self, target: PostTarget) -> None:
        return None

    async def edit(self, target: PostTarget, message_ref: str, reply: Reply) -> None:
        self._add("edited", target, reply, message=message_ref)

    async def notify(self, target: PostTarget, user_id: str, reply: Reply) -> None:
        self._add("notified", target, reply, user=user_id)


class Session:
    """Members of one workspace talking to one engine; every reply is logged in order."""

    def __init__(self, engine: Engine, kb: KnowledgeBase, clock: ManualClock) -> None:
        self.engine = engine
        self.kb = kb
        self.clock = clock
        self.log: list[Entry] = []
        self.poster = RecordingPoster(self.log, kb.root)
        engine.posters.register("console", self.poster)

    def actor(
        self,
        user: str,
        *,
        admin: bool = False,
        channel: str = "general",
        roles: tuple[str, ...] = (),
    ) -> Actor:
        name = user.capitalize()
        return Actor("console", WORKSPACE, channel, user, name, is_admin=admin, roles=roles)

    def _add(self, actor: Actor, step: Entry, reply: Reply) -> Entry:
        entry: Entry = {"at": self.clock.now().isoformat(), "user": actor.user}
        if actor.channel != "general":
            entry["channel"] = actor.channel
        if actor.is_admin:
            entry["admin"] = True
        if actor.roles:
            entry["roles"] = list(actor.roles)
        entry.update(step)
        entry["reply"] = json.loads(as_printed(reply, self.kb.root))
        self.log.append(entry)
        return entry["reply"]  # type: ignore[no-any-return]

    async def say(self, actor: Actor, text: str) -> Entry:
        return self._add(actor, {"say": text}, await self.engine.handle_text(actor, text))

    async def press(self, actor: Actor, action_id: str) -> Entry:
        return self._add(actor, {"press": action_id}, await self.engine.press(actor, action_id))

    async def overview(self, actor: Actor) -> Entry:
        return self._add(actor, {"overview": True}, await self.engine.daily_glance(actor))

    async def run_until(self, until: datetime) -> None:
        """The scheduler's loop, with the clock jumping to each wake-up instead of sleeping."""
        while True:
            wake = await self.engine.scheduler.run_due(self.clock.now())
            if wake is None or wake > until:
                break
            self.clock.set(wake)
        if self.clock.now() < until:
            self.clock.set(until)
            await self.engine.scheduler.run_due(until)

    def letter(self, quiz: Entry, *, right: bool) -> str:
        """The letter of the right option of a quiz reply, or of the first wrong one."""
        question = self.kb.questions[quiz["question_id"]]
        right_text = question.options[question.answer_index].text
        return next(c["letter"] for c in quiz["choices"] if (c["text"] == right_text) == right)

    def button(self, reply: Entry, label: str) -> str:
        return next(b["action_id"] for b in reply["buttons"] if b["label"].startswith(label))


async def converse(s: Session) -> None:
    alice = s.actor("alice", admin=True)
    bob, carol, dave = s.actor("bob"), s.actor("carol"), s.actor("dave", roles=("900",))

    # What the bot can do and teach.
    await s.say(alice, "/llm help")
    await s.say(alice, "/llm help scoring")
    await s.say(alice, "/llm topics")

    # Explanations at three depths, by typo and phrasing, through buttons, and declines.
    short = await s.say(alice, "/llm explain attention --short")
    await s.say(alice, "/llm explain attention")
    await s.say(alice, "/llm explain attention --deep")
    await s.press(alice, s.button(short, "Deeper"))
    await s.say(bob, "/llm explain attension")
    await s.say(bob, "/llm explain what's a token?")
    explained = await s.say(bob, "/llm explain context window --short")
    await s.say(bob, "/llm explain best pizza in paris")
    await s.say(bob, "/llm explain")
    await s.say(bob, "/llm explain attention --short --deep")
    await s.say(bob, "/llm ask why do llms make up citations?")
    await s.say(bob, "/llm ask best pizza in paris")
    await s.say(bob, "/llm ask")

    # A quiz: right, wrong, the same member again, a bad choice, an unknown quiz.
    quiz = await s.say(alice, "/llm quiz tokens")
    quiz_id = quiz["quiz_id"]
    await s.say(alice, f"/llm answer {quiz_id} {s.letter(quiz, right=True)}")
    wrong = s.letter(quiz, right=False)
    await s.press(bob, s.button(quiz, f"{wrong}."))
    await s.say(alice, f"/llm answer {quiz_id} {s.letter(quiz, right=False)}")
    await s.say(carol, f"/llm answer {quiz_id} Z")
    await s.say(carol, "/llm answer NOPE2345 A")
    await s.say(carol, "/llm answer only-one-word")
    pressed = await s.press(carol, s.button(explained, "Quiz me"))
    await s.press(carol, s.button(pressed, f"{s.letter(pressed, right=True)}."))
    hard = await s.say(carol, "/llm quiz hard")
    await s.say(bob, f"/llm answer {hard['quiz_id']} {s.letter(hard, right=True)}")
    await s.say(bob, "/llm quiz pizza recipes")
    await s.say(bob, "/llm quiz")

    # Standings.
    await s.say(bob, "/llm leaderboard")
    await s.say(bob, "/llm leaderboard all")
    await s.say(bob, "/llm lb month users")
    await s.say(bob, "/llm me")
    await s.say(dave, "/llm me")

    # Teams.
    await s.say(alice, "/llm team create Night Owls")
    await s.say(bob, "/llm team join night owls")
    await s.say(carol, "/llm team create Larks")
    await s.say(bob, "/llm team list")
    await s.say(bob, "/llm team show")
    await s.say(bob, "/llm team show Larks")
    await s.say(alice, "/llm leaderboard teams")
    await s.say(bob, "/llm team rename Larks to Robins")
    await s.say(alice, "/llm team rename Larks to Robins")
    await s.say(alice, "/llm team link Robins 900")
    await s.say(dave, "/llm team show")
    await s.say(dave, "/llm team leave")
    await s.say(bob, "/llm team leave")
    await s.say(bob, "/llm team join Nobody Here")
    await s.say(alice, "/llm team link Robins off")
    await s.say(alice, "/llm team delete Robins")
    await s.say(alice, "/llm team create @everyone")
    await s.say(bob, "/llm me")

    # Workspace settings.
    await s.say(bob, "/llm settings")
    await s.say(bob, "/llm settings timezone Europe/Paris")
    await s.say(alice, "/llm settings timezone Mars/Olympus")
    await s.say(alice, "/llm settings timezone Europe/Paris")
    await s.say(alice, "/llm settings admin-roles 77 78")
    await s.say(alice, "/llm settings admin-roles none")

    # A daily question with instant feedback in #general, answered, overviewed and revealed.
    await s.say(bob, "/llm daily setup 09:30")
    await s.say(bob, "/llm daily status")
    await s.say(alice, "/llm daily setup 09:30 Europe/Paris mon-fri medium 2h instant")
    await s.say(alice, "/llm daily status")
    await s.say(alice, "/llm daily preview")
    await s.say(alice, "/llm daily now")
    await s.say(alice, "/llm daily now")
    post = s.poster.posted[-1]
    choices = post.to_json()["choices"]
    s.clock.set(datetime(2026, 11, 25, 12, 4, tzinfo=UTC))
    posted = {"question_id": post.to_json()["question_id"], "choices": choices}
    await s.press(bob, s.button(post.to_json(), f"{s.letter(posted, right=True)}."))
    s.clock.set(datetime(2026, 11, 25, 12, 40, tzinfo=UTC))
    await s.press(carol, s.button(post.to_json(), f"{s.letter(posted, right=False)}."))
    await s.overview(bob)
    await s.overview(dave)
    await s.run_until(datetime(2026, 11, 25, 14, 30, tzinfo=UTC))
    await s.press(dave, s.button(post.to_json(), "A."))
    await s.say(alice, "/llm daily skip")
    await s.say(alice, "/llm daily off")
    await s.say(alice, "/llm daily")

    # A week of daily questions revealed at close in #quiz: streaks, a warning, the recap.
    quizzer = s.actor("alice", admin=True, channel="quiz")
    bob_q, carol_q = s.actor("bob", channel="quiz"), s.actor("carol", channel="quiz")
    await s.say(quizzer, "/llm daily setup 08:00 UTC every easy recap")
    for day, bob_right in zip(range(26, 31), (True, True, False, None, True), strict=True):
        await s.run_until(datetime(2026, 11, day, 8, 0, tzinfo=UTC))
        daily = s.poster.posted[-1].to_json()
        s.clock.set(datetime(2026, 11, day, 8, 7, tzinfo=UTC))
        if bob_right is not None:
            await s.press(bob_q, s.button(daily, f"{s.letter(daily, right=bob_right)}."))
        await s.press(carol_q, s.button(daily, f"{s.letter(daily, right=day % 2 == 0)}."))
    await s.overview(bob_q)
    await s.run_until(datetime(2026, 12, 1, 8, 1, tzinfo=UTC))
    await s.say(bob_q, "/llm me")
    await s.say(quizzer, "/llm daily status")

    # A channel the bot lost: the daily question pauses, and admin replies say so.
    locked = s.actor("alice", admin=True, channel="locked")
    await s.say(locked, "/llm daily setup 10:00 UTC weekdays hard no-recap")
    s.poster.lost.add("locked")
    await s.say(locked, "/llm daily now")
    await s.say(locked, "/llm daily status")
    await s.say(alice, "/llm settings")
    await s.say(bob, "/llm settings")

    # Input the grammar refuses, and buttons nobody could have made.
    await s.say(bob, "/llm frobnicate now")
    await s.say(bob, "/llmexplain attention")
    await s.say(bob, "/llm leaderboard sideways")
    await s.say(bob, "/llm me please")
    await s.say(bob, "/llm help cooking")
    await s.say(bob, "/llm daily setup 25:00")
    await s.say(bob, "/llm team")
    await s.press(bob, "llm:x:nothing")
    await s.press(bob, "llm:e:no-such-topic:standard")


async def transcript(kb: KnowledgeBase | None = None) -> list[Entry]:
    kb = kb or load_knowledge()
    clock = ManualClock(START)
    with tempfile.TemporaryDirectory() as folder, seeded_uuids():
        store = SqliteStore(Path(folder) / "golden.db")
        await store.start()
        try:
            engine = Engine(kb, store, clock=clock, seed=SEED, quiz_ids=seeded_quiz_ids())
            session = Session(engine, kb, clock)
            await converse(session)
        finally:
            await store.close()
    return session.log


def dumps(log: list[Entry]) -> str:
    return json.dumps(log, ensure_ascii=False, indent=1) + "\n"


def record(path: Path = PATH) -> int:
    log = asyncio.run(transcript())
    path.write_text(dumps(log), encoding="utf-8")
    print(f"recorded {len(log)} replies in {path}")
    return 0


if __name__ == "__main__":
    sys.exit(record())
