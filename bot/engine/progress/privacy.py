"""`/llm forget-me`: a confirmation first, then the member's data in the workspace deleted
through the answer writer, so no answer queued before it can land afterwards."""

from __future__ import annotations

from dataclasses import asdict

from bot.engine.actions import ForgetAction, encode
from bot.engine.actor import Actor
from bot.engine.progress.forget import describe
from bot.engine.progress.payloads import Forgotten
from bot.engine.reply import Button, Reply, ReplyKind, Style, Visibility
from storage import Store
from storage.learning import ForgetMember

ANONYMOUS = "a former member"


class Forgetting:
    def __init__(self, store: Store) -> None:
        self.store = store

    def ask(self) -> Reply:
        """Nothing is deleted until the member presses the confirmation button."""
        return Reply(
            kind=ReplyKind.FORGET_CONFIRM,
            title="Forget you in this workspace?",
            body=(
                "This deletes your quiz, daily and practice answers, your practice cards and"
                " mastery, your streaks, your team membership, your problem reports and the"
                " name llmbot stored for you here, and takes you off every leaderboard."
                " Quizzes you started, teams you created and daily settings you changed stay,"
                " with no name on them. This cannot be undone."
            ),
            buttons=(
                Button(encode(ForgetAction(True)), "Forget me", Style.DANGER),
                Button(encode(ForgetAction(False)), "Cancel"),
            ),
            visibility=Visibility.PRIVATE,
        )

    async def confirm(self, actor: Actor, confirmed: bool) -> Reply:
        if not confirmed:
            return Reply(
                kind=ReplyKind.FORGET_CANCELLED,
                title="Nothing deleted",
                body="You cancelled; llmbot keeps everything as it was.",
                visibility=Visibility.PRIVATE,
            )
        summary = await self.store.forget_member(
            ForgetMember(actor.workspace_key, actor.user, ANONYMOUS)
        )
        return Reply(
            kind=ReplyKind.FORGOTTEN,
            title="Forgotten" if summary.anything else "Nothing left to forget",
            body=describe(summary),
            visibility=Visibility.PRIVATE,
            payload=Forgotten(deleted=asdict(summary), anything=summary.anything),
        )
