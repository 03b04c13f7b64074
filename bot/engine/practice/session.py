"""`/llm practice [topic]` and `/llm practice mistakes`: one private question at a time,
scheduled by each member's cards, answered without points."""

from __future__ import annotations

import random
from dataclasses import replace

from bot.engine.actions import (
    ExplainAction,
    PracticeAction,
    ProblemAction,
    StopPracticeAction,
    encode,
)
from bot.engine.actor import Actor
from bot.engine.clock import Clock, from_ms, to_ms
from bot.engine.errors import NotAllowed, UsageError
from bot.engine.learn.asked import asked_of
from bot.engine.learn.catalog import find_topic
from bot.engine.learn.explain import Explainer
from bot.engine.learn.quiz import LETTERS, QuizMaster
from bot.engine.packs.book import QuestionBook
from bot.engine.packs.ids import PACK_PREFIX
from bot.engine.payloads import AlreadyAnswered, QuizCard
from bot.engine.practice.choice import Pick, Why, easiest_unseen, next_pick
from bot.engine.practice.mastery import weakest
from bot.engine.practice.payloads import PracticeCard, PracticeDone, PracticeFeedback
from bot.engine.practice.wording import comes_back, iso_utc, span_words
from bot.engine.reply import Button, Reply, ReplyKind, Style, Visibility, said
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.search import TopicIndex
from storage import QuizRecord, Store
from storage.learning import PracticeAnswerRecord

# The quiz kinds of practice questions say how the session goes on after an answer.
PRACTICE = "practice"
PRACTICE_TOPIC = "practice_topic"
PRACTICE_MISTAKES = "practice_mistakes"
PRACTICE_KINDS = (PRACTICE, PRACTICE_TOPIC, PRACTICE_MISTAKES)

# Cards of questions whose pack was removed are passed over; a few tries find a live one.
MISSING_TRIES = 5

_WHY_TEXT = {
    Why.DUE: "due for review",
    Why.NEW: "a new question",
    Why.MISTAKE: "one of your mistakes",
}


class Practice:
    """Practice sessions: the next card, its answer, and where the session goes next."""

    def __init__(
        self,
        *,
        kb: KnowledgeBase,
        book: QuestionBook,
        store: Store,
        clock: Clock,
        quizzes: QuizMaster,
        explainer: Explainer,
        index: TopicIndex,
        rng: random.Random,
    ) -> None:
        self.kb = kb
        self.book = book
        self.store = store
        self.clock = clock
        self.quizzes = quizzes
        self.explainer = explainer
        self.index = index
        self.rng = rng

    async def next(
        self,
        actor: Actor,
        *,
        topic: str | None = None,
        mistakes: bool = False,
        after: str | None = None,
    ) -> Reply:
        """The next question of a session, or why there is none right now."""
        ws, user = actor.workspace_key, actor.user
        topic_id = None
        pack_topic = False
        if topic and not mistakes and topic.startswith(PACK_PREFIX):
            found = (await self.book.shelf(ws)).topic(topic)
            if found is None:
                raise UsageError(
                    "This workspace has no pack topic by that id; `/llm topics` lists them."
                )
            topic_id, pack_topic = found[1].id, True
        elif topic and not mistakes:
            topic_id = find_topic(self.kb, self.index, topic)
            if topic_id is None:
                return self.explainer.decline(topic)
        now_ms = to_ms(self.clock.now())
        # Questions of open daily posts whose answer is not revealed yet must not be
        # practised (their feedback would give the answer away); retired ones never again.
        excluded = [*await self.store.held_open_questions(ws, now_ms), *self.kb.retired_questions]
        for _ in range(MISSING_TRIES):
            pick = await self._pick(
                ws, user, now_ms, topic_id, pack_topic, mistakes, after, excluded
            )
            if pick is None:
                return await self._nothing_now(actor, topic_id, mistakes, now_ms)
            question = await self.book.find(ws, pick.question_id)
            if question is not None:
                break
            # A card of a question whose pack was removed since: leave it, take another.
            excluded.append(pick.question_id)
        else:
            return await self._nothing_now(actor, topic_id, mistakes, now_ms)
        kind = PRACTICE_MISTAKES if mistakes else PRACTICE_TOPIC if topic_id else PRACTICE
        asked = await self.book.asked(ws, question)
        record = await self.quizzes.start(actor, asked, kind=kind)
        return self.question_reply(record, pick.why)

    async def _pick(
        self,
        ws: str,
        user: str,
        now_ms: int,
        topic_id: str | None,
        pack_topic: bool,
        mistakes: bool,
        after: str | None,
        excluded: list[str],
    ) -> Pick | None:
        if mistakes:
            skip = [*excluded]
            if after is not None:
                previous = await self.quizzes.known.get(ws, after)
                if previous is not None:
                    skip.append(previous.question_id)
            missed = await self.store.missed_questions(ws, user, skip, 1)
            return Pick(missed[0], Why.MISTAKE) if missed else None
        due = await self.store.most_overdue_card(ws, user, now_ms, topic_id, excluded)
        carded = await self.store.carded_questions(ws, user)
        if pack_topic:
            assert topic_id is not None
            if due is not None:
                return Pick(due.question_id, Why.DUE)
            # A question counts for its first topic only, as everywhere in practice.
            questions = [
                q for q in await self.book.topic_pool(ws, topic_id, None) if q.topics[0] == topic_id
            ]
            found = easiest_unseen(questions, carded=carded, excluded=excluded, rng=self.rng)
            return None if found is None else Pick(found, Why.NEW)
        progress = await self.store.topic_progress(ws, user)
        # General practice draws llmbot's own questions: pack topics, weak or not, must
        # not take the places of its weakest topics.
        weak = [p.topic_id for p in weakest(p for p in progress if p.topic_id in self.kb.topics)]
        return next_pick(
            self.kb,
            due=due.question_id if due else None,
            asked=topic_id,
            weakest=weak,
            carded=carded,
            excluded=excluded,
            rng=self.rng,
        )

    def question_reply(self, record: QuizRecord, why: Why) -> Reply:
        shown = self.quizzes.quiz_reply(record)
        asked = self.quizzes.asked(record)
        topic_id = asked.question.topics[0]
        card = shown.payload
        assert isinstance(card, QuizCard)
        return replace(
            shown,
            kind=ReplyKind.PRACTICE,
            title=f"Practice · {asked.topic_title}",
            buttons=(
                *shown.buttons,
                Button(encode(self._next_action(record)), "Next", Style.PRIMARY),
                Button(encode(ExplainAction(topic_id, "standard")), "Explain this topic"),
                Button(encode(StopPracticeAction()), "Stop", Style.DANGER),
            ),
            footer=(
                f"Practice: {_WHY_TEXT[why]}, no points · quiz {record.id}"
                f" · or type /llm answer {record.id} <letter>"
            ),
            visibility=Visibility.PRIVATE,
            payload=PracticeCard(
                quiz_id=card.quiz_id,
                question_id=card.question_id,
                difficulty=card.difficulty,
                topics=card.topics,
                choices=card.choices,
                topic=topic_id,
                why=str(why),
                mode=record.kind,
            ),
        )

    def _next_action(self, record: QuizRecord) -> PracticeAction:
        asked = asked_of(record, self.kb)
        topic = asked.question.topics[0] if asked and record.kind == PRACTICE_TOPIC else None
        return PracticeAction(topic, record.kind == PRACTICE_MISTAKES, record.id)

    async def _nothing_now(
        self, actor: Actor, topic_id: str | None, mistakes: bool, now_ms: int
    ) -> Reply:
        if mistakes:
            title, body = (
                "No mistakes to review",
                (
                    "Every question you have answered wrong, you have since answered right."
                    " Try `/llm practice` for your due cards and new questions."
                ),
            )
        else:
            upcoming = await self.store.next_due_ms(
                actor.workspace_key, actor.user, now_ms, topic_id
            )
            where = f" on {await self._title(actor, topic_id)}" if topic_id else ""
            title = "All caught up"
            body = f"You have answered every question{where} and nothing is due for review."
            if upcoming is not None:
                body += (
                    f" Your next review is in {span_words(from_ms(upcoming) - from_ms(now_ms))}."
                )
        return Reply(
            kind=ReplyKind.PRACTICE_DONE,
            title=title,
            body=body,
            visibility=Visibility.PRIVATE,
            payload=PracticeDone(topic=topic_id, mistakes=mistakes),
        )

    async def answer(self, actor: Actor, record: QuizRecord, position: int) -> Reply:
        """Judge a practice answer, move the card, and say when the question comes back."""
        if record.created_by != actor.user:
            raise NotAllowed(
                "This practice question is someone else's. Start your own with /llm practice."
            )
        asked = self.quizzes.asked(record)
        question = asked.question
        now = self.clock.now()
        option_index = record.choice_order[position]
        correct = option_index == question.answer_index
        outcome = await self.store.record_practice(
            PracticeAnswerRecord(
                quiz_id=record.id,
                workspace_id=actor.workspace_key,
                user_id=actor.user,
                display_name=actor.display_name,
                question_id=question.id,
                topic_id=question.topics[0],
                choice=option_index,
                correct=correct,
                answered_at_ms=to_ms(now),
            )
        )
        if outcome.card is None:
            return Reply(
                kind=ReplyKind.ALREADY_ANSWERED,
                title="Already answered",
                body="You already answered this practice question. Press Next for another.",
                buttons=(Button(encode(self._next_action(record)), "Next", Style.PRIMARY),),
                visibility=Visibility.PRIVATE,
                payload=AlreadyAnswered(quiz_id=record.id),
            )
        due = from_ms(outcome.card.due_ms)
        chosen = question.options[option_index]
        right_position = record.choice_order.index(question.answer_index)
        right = question.options[question.answer_index]
        shown = asked.show
        body = f"You chose **{LETTERS[position]}. {shown(chosen.text)}**: {shown(chosen.why)}"
        if not correct:
            body += (
                f"\n\nThe right answer is **{LETTERS[right_position]}. {shown(right.text)}**: "
                f"{shown(right.why)}"
            )
        body += f"\n\n{comes_back(now, due)}"
        topic_id = question.topics[0]
        return Reply(
            kind=ReplyKind.PRACTICE_ANSWER,
            title="Right!" if correct else "Not quite",
            body=body,
            buttons=(
                Button(encode(self._next_action(record)), "Next", Style.PRIMARY),
                Button(encode(ExplainAction(topic_id, "standard")), "Explain this topic"),
                Button(encode(ProblemAction(record.id)), "Report a problem"),
                Button(encode(StopPracticeAction()), "Stop", Style.DANGER),
            ),
            footer="Practice answers earn no points and never change a leaderboard.",
            visibility=Visibility.PRIVATE,
            payload=PracticeFeedback(
                quiz_id=record.id,
                question_id=question.id,
                correct=correct,
                choice=LETTERS[position],
                right_choice=LETTERS[right_position],
                next_review=iso_utc(due),
            ),
        )

    async def _title(self, actor: Actor, topic_id: str) -> str:
        topic = self.kb.topics.get(topic_id)
        if topic is not None:
            return topic.title
        found = (await self.book.shelf(actor.workspace_key)).topic(topic_id)
        return said(found[1].title) if found else topic_id

    def stop(self) -> Reply:
        return Reply(
            kind=ReplyKind.PRACTICE_STOPPED,
            title="Practice stopped",
            body=(
                "Your cards are saved. Come back with `/llm practice` when questions are due,"
                " or `/llm practice mistakes` to review what you missed."
            ),
            visibility=Visibility.PRIVATE,
        )
