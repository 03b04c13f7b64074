"""The contract every score-store backend fulfils."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from storage.learning import LearningStore
from storage.records import (
    AnswerOutcome,
    AnswerRecord,
    ClaimStatus,
    DailyChannelRecord,
    DailyClaim,
    FollowUp,
    PackQuestionRecord,
    PackRecord,
    PackSaved,
    QuizAnswerRow,
    QuizRecord,
    ScoreRow,
    StreakRecord,
    TeamMember,
    TeamRecord,
    TeamScoreRow,
    WorkspaceSettingsRecord,
)


class StoreClosed(RuntimeError):
    """Raised when work arrives after the store began shutting down."""


class DailyStore(Protocol):
    """Daily schedules and their exactly-once claims.

    A claim row is unique per (workspace, channel, local date, kind). `claim_daily`
    must take it in one atomic statement, and only when nobody holds it: the row is
    new, pending, or claimed with a lease that has run out. Every other status is
    final until an admin reopens the day.
    """

    async def get_daily_channel(
        self, workspace_id: str, channel_id: str
    ) -> DailyChannelRecord | None: ...

    async def save_daily_channel(self, channel: DailyChannelRecord) -> None:
        """Insert or replace a channel's whole schedule (admin commands only)."""

    async def enabled_daily_channels(self) -> list[DailyChannelRecord]:
        """Every switched-on schedule in every workspace (the scheduler reads only the due
        ones, through `due_daily_channels`)."""

    async def due_daily_channels(self, now_ms: int, limit: int) -> list[DailyChannelRecord]:
        """Enabled, unpaused channels whose `next_due_ms` has come, earliest first: one
        indexed range read, however many channels have a schedule."""

    async def next_daily_due_ms(self, after_ms: int) -> int | None:
        """The earliest `next_due_ms` after `after_ms` among enabled, unpaused channels."""

    async def daily_channels_without_due(self, limit: int) -> list[DailyChannelRecord]:
        """Enabled, unpaused channels whose `next_due_ms` is still to be computed (NULL)."""

    async def set_daily_next_due(self, dues: Sequence[tuple[str, str, int | None]]) -> None:
        """Store (workspace, channel, next due ms) for each channel, in one transaction."""

    async def paused_daily_channels(self, workspace_id: str) -> list[DailyChannelRecord]: ...

    async def set_daily_paused(
        self, workspace_id: str, channel_id: str, reason: str | None, at_ms: int
    ) -> None:
        """Pause (with a reason people can act on) or resume one channel's posts."""

    async def set_daily_cycle(
        self, workspace_id: str, channel_id: str, cycle: int, started_ms: int
    ) -> None:
        """Start another pass through the channel's question pool."""

    async def daily_questions_since(
        self, workspace_id: str, channel_id: str, since_ms: int
    ) -> list[str]:
        """Question ids of the channel's daily quizzes created since `since_ms`, oldest first."""

    async def claim_daily(
        self,
        workspace_id: str,
        channel_id: str,
        local_date: str,
        kind: str,
        owner: str,
        now_ms: int,
        lease_until_ms: int,
    ) -> DailyClaim | None:
        """Take the row for `owner` until `lease_until_ms`, or return None if someone holds it
        or it is done."""

    async def attach_daily_quiz(
        self, workspace_id: str, channel_id: str, local_date: str, kind: str, quiz_id: str
    ) -> None:
        """Remember the quiz a claim posts, so a retry after a crash posts the same one."""

    async def finish_daily_claim(
        self,
        claim: DailyClaim,
        status: ClaimStatus,
        now_ms: int,
        *,
        message_ref: str | None = None,
        detail: str | None = None,
        follow_ups: Sequence[FollowUp] = (),
    ) -> bool:
        """Settle a claim its owner still holds, adding pending follow-ups (carrying the
        claim's quiz id) in the same transaction; False if the claim was lost."""

    async def settle_daily_day(
        self,
        workspace_id: str,
        channel_id: str,
        local_date: str,
        kind: str,
        status: ClaimStatus,
        detail: str,
        now_ms: int,
    ) -> bool:
        """Mark a day nobody is working on as skipped or missed; False if it is taken or
        done."""

    async def reopen_daily_day(
        self, workspace_id: str, channel_id: str, local_date: str, kind: str, now_ms: int
    ) -> bool:
        """Turn a skipped, missed or failed day back into a pending one."""

    async def get_daily_claim(
        self, workspace_id: str, channel_id: str, local_date: str, kind: str
    ) -> DailyClaim | None: ...

    async def daily_claims_between(
        self, workspace_id: str, channel_id: str, first_date: str, last_date: str
    ) -> list[DailyClaim]:
        """A channel's claims of every kind for local dates in [first, last], by date."""

    async def due_daily_work(
        self, now_ms: int, kinds: Sequence[str], limit: int
    ) -> list[DailyClaim]:
        """Claimable rows of these kinds (in every workspace) that are due by `now_ms`."""

    async def next_daily_wake_ms(self, after_ms: int) -> int | None:
        """The earliest moment after `after_ms` when a pending row falls due or a lease ends."""

    async def active_streaks(self, workspace_id: str, channel_id: str) -> list[StreakRecord]:
        """Members of a channel whose streak is above zero."""

    async def get_streak(
        self, workspace_id: str, channel_id: str, user_id: str
    ) -> StreakRecord | None: ...

    async def save_streaks(self, streaks: Sequence[StreakRecord]) -> None:
        """Insert or update these streaks in one transaction; a stored best never goes down
        and a stored freeze week is kept when the new record has none."""


class TeamStore(Protocol):
    """Teams and their members; team names are unique per workspace, ignoring case."""

    async def create_team(self, team: TeamRecord) -> None:
        """Raises `KeyError` if the workspace already has a team of that name."""

    async def get_team(self, workspace_id: str, team_id: str) -> TeamRecord | None: ...

    async def find_team(self, workspace_id: str, name: str) -> TeamRecord | None:
        """The team of that name, ignoring case and repeated spaces."""

    async def list_teams(self, workspace_id: str) -> list[TeamRecord]: ...

    async def rename_team(self, workspace_id: str, team_id: str, name: str) -> None:
        """Raises `KeyError` if the new name is taken."""

    async def link_team(self, workspace_id: str, team_id: str, role_id: str | None) -> None:
        """Map a team to a role or user group (None unlinks); `KeyError` if another team has
        it."""

    async def delete_team(self, workspace_id: str, team_id: str) -> None:
        """Remove the team and its memberships."""

    async def team_of(self, workspace_id: str, user_id: str) -> TeamRecord | None: ...

    async def set_team_membership(
        self,
        workspace_id: str,
        user_id: str,
        display_name: str,
        team_id: str | None,
        now_ms: int,
    ) -> None:
        """Put a member in a team (leaving any other), or in none."""

    async def team_members(self, workspace_id: str, team_id: str) -> list[TeamMember]: ...

    async def team_scores(self, workspace_id: str, period: str) -> list[TeamScoreRow]:
        """Every team of the workspace with its members' summed scores in the period, read
        from the aggregated per-member scores."""


class InstanceStore(Protocol):
    """Heartbeats of the llmbot processes sharing this database."""

    async def beat_instance(self, instance_id: str, now_ms: int, live_after_ms: int) -> int:
        """Record that `instance_id` is alive, forget instances not seen since
        `live_after_ms`, and return how many are live (this one included)."""

    async def leave_instance(self, instance_id: str) -> None:
        """Forget `instance_id` at once (a graceful shutdown)."""


class WorkspaceStore(Protocol):
    """Each workspace's own settings (time zone, admin roles)."""

    async def get_workspace_settings(self, workspace_id: str) -> WorkspaceSettingsRecord | None: ...

    async def save_workspace_settings(self, record: WorkspaceSettingsRecord) -> None: ...


class PackStore(Protocol):
    """Each workspace's question packs, and a version that changes with every import or removal.

    A pack belongs to one workspace: no read of one workspace ever returns another's packs.
    """

    async def pack_version(self, workspace_id: str) -> int:
        """0 for a workspace that never had a pack; otherwise it grows with every change."""

    async def list_packs(self, workspace_id: str) -> list[PackRecord]:
        """The workspace's packs by name."""

    async def get_pack(self, workspace_id: str, name: str) -> PackRecord | None: ...

    async def pack_questions(self, workspace_id: str, name: str) -> list[PackQuestionRecord]:
        """The pack's questions in the order they were saved; empty for an unknown pack."""

    async def save_pack(
        self,
        pack: PackRecord,
        questions: Sequence[PackQuestionRecord],
        *,
        replace: bool,
        max_packs: int,
    ) -> PackSaved:
        """Store a whole pack in one transaction, or nothing: a pack of the same name is
        replaced only with `replace`, and a new one only while the workspace has fewer than
        `max_packs`. Concurrent saves in one workspace take turns, so the limit holds."""

    async def remove_pack(self, workspace_id: str, name: str) -> bool:
        """Remove the pack and its questions; False if there was none of that name."""


class AskStore(Protocol):
    """`/llm ask`'s limits, shared by every instance on the database."""

    async def take_model_slot(
        self, workspace: str, user: str, now_ms: int, window_ms: int, limit: int
    ) -> int | None:
        """Count one model call for the member unless `limit` calls were already made in
        the window their first call opened (`window_ms` long); then change nothing and
        return when that window ends (ms). None means the call was counted."""

    async def tokens_used(self, workspace: str, day: str) -> int:
        """Model tokens the workspace spent on its local `day` (an ISO date)."""

    async def add_tokens(self, workspace: str, day: str, tokens: int) -> None:
        """Add to the day's tokens; concurrent additions all count."""


class Store(
    DailyStore,
    TeamStore,
    WorkspaceStore,
    InstanceStore,
    AskStore,
    LearningStore,
    PackStore,
    Protocol,
):
    """Async persistence for quizzes, answers and aggregated scores.

    Backends must make `record_answer` durable before it returns and enforce one
    answer per user per quiz with a unique constraint.
    """

    async def start(self) -> None:
        """Open connections and apply pending migrations."""

    async def close(self) -> None:
        """Stop taking work, flush queued answers and close every connection."""

    async def create_quiz(self, quiz: QuizRecord) -> None:
        """Persist a new quiz; raises `KeyError` if its id is taken."""

    async def get_quiz(self, workspace_id: str, quiz_id: str) -> QuizRecord | None:
        """Return the quiz if it exists in that workspace."""

    async def record_answer(self, answer: AnswerRecord) -> AnswerOutcome:
        """Commit the answer (and its score) and say whether it was the first."""

    async def top_scores(self, workspace_id: str, period: str, limit: int) -> list[ScoreRow]:
        """Best members of a workspace in a period, highest points first."""

    async def user_score(self, workspace_id: str, period: str, user_id: str) -> ScoreRow | None:
        """One member's standing in a period, if they have answered in it."""

    async def rank_of(self, workspace_id: str, period: str, user_id: str) -> int | None:
        """1-based rank of a member in a period (ties share the better rank)."""

    async def answer_counts(self, quiz_id: str) -> dict[int, int]:
        """How many members chose each content option of a quiz."""

    async def quiz_answers(self, workspace_id: str, quiz_id: str) -> list[QuizAnswerRow]:
        """Every answer to one quiz, earliest first (for its reveal and the streak rules)."""
