"""`Report a problem`: a member says what is wrong with a question, once per question."""

from __future__ import annotations

from bot.engine.actions import ProblemAction, encode
from bot.engine.actor import Actor
from bot.engine.clock import Clock, to_ms
from bot.engine.errors import UnknownQuiz
from bot.engine.learn.asked import asked_of
from bot.engine.learn.quiz_cache import QuizCache
from bot.engine.progress.payloads import ProblemReport
from bot.engine.progress.review import REASON_LABELS, Reason
from bot.engine.reply import Button, Reply, ReplyKind, Visibility, said
from bot.knowledge.base import KnowledgeBase
from storage import Store
from storage.learning import QuestionReport


class ProblemReports:
    def __init__(self, kb: KnowledgeBase, store: Store, clock: Clock, quizzes: QuizCache) -> None:
        self.kb = kb
        self.store = store
        self.clock = clock
        self.quizzes = quizzes

    async def report(self, actor: Actor, quiz_id: str, reason: str | None, note: str) -> Reply:
        """Without a reason, the choice of reasons; with one, the stored report."""
        record = await self.quizzes.get(actor.workspace_key, quiz_id)
        if record is None:
            raise UnknownQuiz(f"There is no quiz {quiz_id[:16]} here.")
        asked = asked_of(record, self.kb)
        if asked is None:
            raise UnknownQuiz("That question was retired from the quiz pool.")
        question = asked.question
        if reason is None:
            return Reply(
                kind=ReplyKind.PROBLEM_REASONS,
                title="What is wrong with this question?",
                body=(
                    f"“{asked.show(question.stem)}”\n\nPick a reason. To add a line for the "
                    f"editors, type `/llm problem {record.id} <reason> <your line>` instead."
                ),
                buttons=tuple(
                    Button(encode(ProblemAction(record.id, str(r))), label)
                    for r, label in REASON_LABELS.items()
                ),
                visibility=Visibility.PRIVATE,
                payload=ProblemReport(
                    quiz_id=record.id, question_id=question.id, reason=None, recorded=False
                ),
            )
        saved = await self.store.save_question_report(
            QuestionReport(
                actor.workspace_key,
                question.id,
                actor.user,
                reason,
                note,
                to_ms(self.clock.now()),
            )
        )
        label = REASON_LABELS[Reason(reason)]
        body = (
            f"Reported as “{label}”"
            + (f", with your note “{said(note)}”" if note else "")
            + ". Admins see reported questions in `/llm progress show`, and the people who"
            " write the questions in `llmbot content stats`."
            if saved
            else "You have already reported this question; one report per member is kept."
        )
        return Reply(
            kind=ReplyKind.PROBLEM_REPORTED,
            title="Thank you" if saved else "Already reported",
            body=body,
            visibility=Visibility.PRIVATE,
            payload=ProblemReport(
                quiz_id=record.id, question_id=question.id, reason=reason, recorded=saved
            ),
        )
