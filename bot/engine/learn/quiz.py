"""Ad-hoc quizzes: pick a question, show it shuffled, score each member's one answer."""

from __future__ import annotations

import logging
import random
import secrets
import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from bot.engine.actions import AnswerAction, ProblemAction, QuizAction, encode
from bot.engine.actor import Actor
from bot.engine.clock import Clock, format_span, from_ms, to_ms
from bot.engine.errors import BadChoice, QuizClosed, UnknownQuiz
from bot.engine.learn.asked import Asked, asked_of, snapshot
from bot.engine.learn.quiz_cache import QuizCache
from bot.engine.learn.scoring import speed_bonus
from bot.engine.payloads import AlreadyAnswered, AnswerFeedback, AnswerRecorded, Choice, QuizCard
from bot.engine.progress.observed import ObservedStats
from bot.engine.reply import Button, Reply, ReplyKind, Style, Visibility
from bot.engine.standings.periods import Calendar, period_keys
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.models import Difficulty, Question
from storage import AnswerOutcome, AnswerRecord, QuizRecord, Store

log = logging.getLogger(__name__)

POINTS: dict[str, int] = {"easy": 10, "medium": 20, "hard": 30}
LETTERS = string.ascii_uppercase
_ID_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
QUIZ_ID_LENGTH = 8


def random_quiz_id() -> str:
    """A fresh quiz id from the operating system's randomness, never from the seed.

    A seeded generator replays the same ids after every restart and in every replica
    started with that seed; ids must stay unique across all of them.
    """
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(QUIZ_ID_LENGTH))


def display_order(quiz_id: str, question: Question) -> tuple[int, ...]:
    """Option indexes in the order shown: shuffled, but the same for the same quiz id."""
    order = list(range(len(question.options)))
    if question.type == "choice":
        random.Random(f"order:{quiz_id}").shuffle(order)
    return tuple(order)


@dataclass(frozen=True, slots=True)
class AnswerSheet:
    """What every answer to one quiz needs, worked out once per quiz (a burst of answers
    to a daily question then only looks its choice up): per displayed position, whether
    it is right, and the feedback reply, built the first time a position and speed bonus
    are answered and shared by every answer like it."""

    record: QuizRecord
    asked: Asked
    points: int  # for a right answer, before any speed bonus
    correct: tuple[bool, ...]
    replies: dict[tuple[int, int], Reply] = field(default_factory=dict)


def parse_choice(text: str, count: int) -> int:
    """A 0-based position from a letter (A-D) or a 1-based number."""
    cleaned = text.strip().rstrip(".)").upper()
    if len(cleaned) == 1 and cleaned in LETTERS[:count]:
        return LETTERS.index(cleaned)
    if cleaned.isdigit() and 1 <= int(cleaned) <= count:
        return int(cleaned) - 1
    raise BadChoice(f"Choose {LETTERS[0]}–{LETTERS[count - 1]} (or 1–{count}).")


class QuizMaster:
    """Quizzes of a process: which question, its shuffled choices, and each member's answer."""

    def __init__(
        self,
        *,
        kb: KnowledgeBase,
        store: Store,
        clock: Clock,
        rng: random.Random,
        calendar_of: Callable[[str], Calendar],
        new_quiz_id: Callable[[], str] = random_quiz_id,
        observed: ObservedStats | None = None,
    ) -> None:
        self.kb = kb
        self.observed = observed
        self.new_quiz_id = new_quiz_id
        self.store = store
        self.known = QuizCache(store)
        self.clock = clock
        self.rng = rng
        self.calendar_of = calendar_of
        self._sheets: dict[tuple[str, str], AnswerSheet] = {}

    def pool(self, topic_id: str | None, difficulty: Difficulty | None) -> list[Question]:
        ids: Sequence[str] = (
            self.kb.questions_by_topic.get(topic_id, ()) if topic_id else list(self.kb.questions)
        )
        questions = [self.kb.questions[q] for q in ids]
        return [q for q in questions if difficulty is None or q.difficulty == difficulty]

    async def start(
        self,
        actor: Actor,
        asked: Asked,
        *,
        kind: str = "adhoc",
        closes_at_ms: int | None = None,
        feedback: str = "instant",
    ) -> QuizRecord:
        question = asked.question
        kept = snapshot(asked)
        for _ in range(5):
            quiz_id = self.new_quiz_id()
            record = QuizRecord(
                id=quiz_id,
                workspace_id=actor.workspace_key,
                channel_id=actor.channel,
                question_id=question.id,
                choice_order=display_order(quiz_id, question),
                created_by=actor.user,
                created_at_ms=to_ms(self.clock.now()),
                kind=kind,
                closes_at_ms=closes_at_ms,
                feedback=feedback,
                snapshot=kept,
            )
            try:
                await self.store.create_quiz(record)
            except KeyError:
                continue
            self.known.remember(record)
            return record
        raise RuntimeError("could not allocate a unique quiz id")

    def quiz_reply(
        self, record: QuizRecord, *, title_prefix: str = "Quiz", day: date | None = None
    ) -> Reply:
        """The question with its buttons; `day` makes it the daily question of that date."""
        asked = self.asked(record)
        question = asked.question
        shown = [question.options[i] for i in record.choice_order]
        choices = tuple(Choice(letter=LETTERS[n], text=o.text) for n, o in enumerate(shown))
        lines = "\n".join(f"**{c.letter}.** {asked.show(c.text)}" for c in choices)
        footer = (
            f"{question.difficulty.capitalize()} · {POINTS[question.difficulty]} points · "
            f"quiz {record.id} · or type /llm answer {record.id} <letter>"
        )
        return Reply(
            kind=ReplyKind.QUIZ,
            title=f"{title_prefix} · {asked.topic_title}",
            body=f"{asked.show(question.stem)}\n\n{lines}",
            buttons=tuple(
                Button(encode(AnswerAction(record.id, n + 1)), f"{c.letter}. {asked.show(c.text)}")
                for n, c in enumerate(choices)
            ),
            footer=f"{footer} · {asked.credit}" if asked.credit else footer,
            payload=QuizCard(
                quiz_id=record.id,
                question_id=question.id,
                difficulty=question.difficulty,
                topics=tuple(question.topics),
                choices=choices,
                daily=True if day is not None else None,
                local_date=day.isoformat() if day is not None else None,
            ),
        )

    def sheet(self, record: QuizRecord) -> AnswerSheet | None:
        """The quiz's answer sheet, None when its question was retired from the pool."""
        key = (record.workspace_id, record.id)
        sheet = self._sheets.get(key)
        if sheet is not None and sheet.record is record:
            return sheet
        asked = asked_of(record, self.kb)
        if asked is None:
            return None
        question = asked.question
        correct = tuple(index == question.answer_index for index in record.choice_order)
        sheet = AnswerSheet(record, asked, POINTS[question.difficulty], correct)
        if len(self._sheets) >= self.known.size:
            del self._sheets[next(iter(self._sheets))]  # the oldest; records live as long
        self._sheets[key] = sheet
        return sheet

    async def with_share(self, reply: Reply, record: QuizRecord) -> Reply:
        """The footer gains "answered right by 34 % of players" once 30 members answered the
        question in this workspace."""
        if self.observed is None:
            return reply
        share = await self.observed.footer(record.workspace_id, record.question_id)
        if share is None:
            return reply
        card = reply.payload
        assert isinstance(card, QuizCard)
        return replace(
            reply, footer=f"{reply.footer} · {share}", payload=replace(card, right_share=share)
        )

    async def answer(self, actor: Actor, quiz_id: str, choice_text: str) -> Reply:
        record = await self.known.get(actor.workspace_key, quiz_id)
        if record is None:
            raise UnknownQuiz(f"There is no quiz {quiz_id[:16]} here.")
        return await self.answer_to(actor, record, choice_text)

    async def answer_to(self, actor: Actor, record: QuizRecord, choice_text: str) -> Reply:
        """One member's answer to a quiz already looked up (the engine reads it first to
        route practice answers; a burst then pays one cache lookup per answer, not two)."""
        sheet = self.sheet(record)
        if sheet is None:
            raise UnknownQuiz("That question was retired from the quiz pool.")
        question = sheet.asked.question
        now = self.clock.now()
        now_ms = to_ms(now)
        if record.closes_at_ms is not None and now_ms >= record.closes_at_ms:
            raise QuizClosed(
                "This daily question has closed; its answer is posted in the channel."
                if record.kind == "daily"
                else "This quiz has closed."
            )
        position = parse_choice(choice_text, len(sheet.correct))
        correct = sheet.correct[position]
        bonus = 0
        if correct and record.kind == "daily":
            bonus = speed_bonus(now - from_ms(record.created_at_ms))
        points = sheet.points + bonus if correct else 0
        outcome = await self.store.record_answer(
            AnswerRecord(
                quiz_id=record.id,
                workspace_id=actor.workspace_key,
                user_id=actor.user,
                display_name=actor.display_name,
                choice=record.choice_order[position],
                correct=correct,
                points=points,
                answered_at_ms=now_ms,
                periods=period_keys(now, self.calendar_of(actor.workspace_key)),
                question_id=question.id,
                topic_id=question.topics[0],
                held=record.feedback == "at_close",
            )
        )
        if outcome is AnswerOutcome.ALREADY_ANSWERED:
            return Reply(
                kind=ReplyKind.ALREADY_ANSWERED,
                title="Already answered",
                body="You already answered this quiz.",
                visibility=Visibility.PRIVATE,
                payload=AlreadyAnswered(quiz_id=record.id),
            )
        if record.feedback == "at_close":
            closes = record.closes_at_ms
            return self.recorded(record, position, None if closes is None else closes - now_ms)
        reply = sheet.replies.get((position, bonus))
        if reply is None:
            reply = self.feedback(record, sheet.asked, position, correct, points, bonus=bonus)
            sheet.replies[(position, bonus)] = reply
        return reply

    def recorded(self, record: QuizRecord, position: int, closes_in_ms: int | None) -> Reply:
        """Daily answers in `at_close` channels: acknowledged, judged only at the reveal."""
        when = (
            f"in {format_span(timedelta(milliseconds=closes_in_ms))}"
            if closes_in_ms is not None
            else "when the question closes"
        )
        return Reply(
            kind=ReplyKind.ANSWER_RECORDED,
            title="Answer recorded",
            body=(
                f"You chose **{LETTERS[position]}**. The right answer, and your points, "
                f"are revealed in the channel {when}."
            ),
            visibility=Visibility.PRIVATE,
            payload=AnswerRecorded(
                quiz_id=record.id, choice=LETTERS[position], closes_at_ms=record.closes_at_ms
            ),
        )

    def asked(self, record: QuizRecord) -> Asked:
        """What the quiz asked; a quiz whose question is gone everywhere cannot be shown."""
        sheet = self.sheet(record)
        if sheet is None:
            raise UnknownQuiz("That question was retired from the quiz pool.")
        return sheet.asked

    def feedback(
        self,
        record: QuizRecord,
        asked: Asked,
        position: int,
        correct: bool,
        points: int,
        *,
        bonus: int = 0,
    ) -> Reply:
        """Right or wrong and why; `points` include any speed `bonus`."""
        question = asked.question
        chosen = question.options[record.choice_order[position]]
        right_position = record.choice_order.index(question.answer_index)
        right = question.options[question.answer_index]
        shown = asked.show
        body = f"You chose **{LETTERS[position]}. {shown(chosen.text)}**: {shown(chosen.why)}"
        if not correct:
            body += (
                f"\n\nThe right answer is **{LETTERS[right_position]}. {asked.show(right.text)}**: "
                f"{asked.show(right.why)}"
            )
        title = f"Correct! +{points} points" if correct else "Not quite"
        if bonus:
            title += f" (with a {bonus}-point speed bonus)"
        return Reply(
            kind=ReplyKind.ANSWER,
            title=title,
            body=body,
            visibility=Visibility.PRIVATE,
            buttons=(
                Button(encode(QuizAction(question.topics[0])), "Another question", Style.SUCCESS),
                Button(encode(ProblemAction(record.id)), "Report a problem"),
            ),
            payload=AnswerFeedback(
                quiz_id=record.id,
                correct=correct,
                points=points,
                choice=LETTERS[position],
                right_choice=LETTERS[right_position],
                speed_bonus=bonus or None,
            ),
        )
