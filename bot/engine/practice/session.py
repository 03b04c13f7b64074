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
from bot.engine.errors import NotAllowed
from bot.engine.learn.catalog import find_topic
from bot.engine.learn.explain import Explainer
from bot.engine.learn.quiz import LETTERS, QuizMaster
from bot.engine.payloads import AlreadyAnswered, QuizCard
from bot.engine.practice.choice import Pick, Why, next_pick
from bot.engine.practice.mastery import weakest
from bot.engine.practice.payloads import PracticeCard, PracticeDone, PracticeFeedback
from bot.engine.practice.wording import comes_back, iso_utc, span_words
from bot.engine.reply import Button, Reply, ReplyKind, Style, Visibility
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.models import Question
from bot.knowledge.search import TopicIndex
from storage import QuizRecord, Store
from storage.learning import PracticeAnswerRecord

# The quiz kinds of practice questions say how the session goes on after an answer.
PRACTICE = "practice"
PRACTICE_TOPIC = "practice_topic"
PRACTICE_MISTAKES = "practice_mistakes"
PRACTICE_KINDS = (PRACTICE, PRACTICE_TOPIC, PRACTICE_MISTAKES)

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
        store: Store,
        clock: Clock,
        quizzes: QuizMaster,
        explainer: Explainer,
        index: TopicIndex,
        rng: random.Random,
    ) -> None:
        self.kb = kb
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
        topic_id = None
        if topic and not mistakes:
            topic_id = find_topic(self.kb, self.index, topic)
            if topic_id is None:
                return self.explainer.decline(topic)
        ws, user = actor.workspace_key, actor.user
        now_ms = to_ms(self.clock.now())
        # Questions of open daily posts whose answer is not revealed yet must not be
        # practised (their feedback would give the answer away); retired ones never again.
        excluded = [*await self.store.held_open_questions(ws, now_ms), *self.kb.retired_questions]
        pick: Pick | None
        if mistakes:
            skip = [*excluded]
            if after is not None:
                previous = await self.quizzes.known.get(ws, after)
                if previous is not None:
                    skip.append(previous.question_id)
            missed = await self.store.missed_questions(ws, user, skip, 1)
            pick = Pick(missed[0], Why.MISTAKE) if missed else None
        else:
            due = await self.store.most_overdue_card(ws, user, now_ms, topic_id, excluded)
            progress = await self.store.topic_progress(ws, user)
            weak = [p.topic_id for p in weakest(progress) if p.topic_id in self.kb.topics]
            carded = await self.store.carded_questions(ws, user)
            pick = next_pick(
                self.kb,
                due=due.question_id if due else None,
                asked=topic_id,
                weakest=weak,
                carded=carded,
                excluded=excluded,
                rng=self.rng,
            )
        if pick is None:
            return await self._nothing_now(actor, topic_id, mistakes, now_ms)
        question = self.kb.questions[pick.question_id]
        kind = PRACTICE_MISTAKES if mistakes else PRACTICE_TOPIC if topic_id else PRACTICE
        record = await self.quizzes.start(actor, question, kind=kind)
        return self.question_reply(record, question, pick.why)

    def question_reply(self, record: QuizRecord, question: Question, why: Why) -> Reply:
        shown = self.quizzes.quiz_reply(record)
        topic_id = question.topics[0]
        topic = self.kb.topics.get(topic_id)
        card = shown.payload
        assert isinstance(card, QuizCard)
        return replace(
            shown,
            kind=ReplyKind.PRACTICE,
            title=f"Practice · {topic.title if topic else topic_id}",
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
        question = self.kb.questions.get(record.question_id)
        topic = question.topics[0] if question and record.kind == PRACTICE_TOPIC else None
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
            where = f" on {self.kb.topics[topic_id].title}" if topic_id else ""
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
        question = self.kb.questions[record.question_id]
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
        body = f"You chose **{LETTERS[position]}. {chosen.text}**: {chosen.why}"
        if not correct:
            body += (
                f"\n\nThe right answer is **{LETTERS[right_position]}. {right.text}**: {right.why}"
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
