"""The behaviour every Store backend must show; each backend runs this same suite."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from pathlib import Path

import pytest

from storage import (
    AnswerOutcome,
    AnswerRecord,
    ClaimStatus,
    DailyChannelRecord,
    FollowUp,
    PackQuestionRecord,
    PackRecord,
    PackSaved,
    PackTopicRecord,
    QuizRecord,
    Store,
    StoreClosed,
    StreakRecord,
    TeamMember,
    TeamRecord,
    TeamScoreRow,
    WorkspaceSettingsRecord,
)
from tests.backends import BACKENDS, open_backend

WS = "console:w1"


def quiz(quiz_id: str = "QUIZ0001", workspace: str = WS) -> QuizRecord:
    return QuizRecord(
        id=quiz_id,
        workspace_id=workspace,
        channel_id="general",
        question_id="q1",
        choice_order=(2, 0, 1),
        created_by="alice",
        created_at_ms=1_000,
    )


def answer(
    user: str,
    *,
    quiz_id: str = "QUIZ0001",
    points: int = 10,
    correct: bool = True,
    workspace: str = WS,
    periods: tuple[str, ...] = ("all", "week:2026-W48"),
    choice: int = 0,
) -> AnswerRecord:
    return AnswerRecord(
        quiz_id=quiz_id,
        workspace_id=workspace,
        user_id=user,
        display_name=user.capitalize(),
        choice=choice,
        correct=correct,
        points=points,
        answered_at_ms=2_000,
        periods=periods,
    )


@pytest.fixture(params=BACKENDS)
async def reopenable(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[Callable[[], Store]]:
    async with open_backend(request.param, tmp_path) as factory:
        yield factory


@pytest.fixture
async def store(reopenable: Callable[[], Store]) -> AsyncIterator[Store]:
    opened = reopenable()
    await opened.start()
    yield opened
    await opened.close()


async def test_quiz_round_trips_with_its_choice_order(store: Store) -> None:
    await store.create_quiz(quiz())
    loaded = await store.get_quiz(WS, "QUIZ0001")
    assert loaded == quiz()


async def test_quiz_is_invisible_from_another_workspace(store: Store) -> None:
    await store.create_quiz(quiz())
    assert await store.get_quiz("slack:T2", "QUIZ0001") is None


async def test_taken_quiz_id_is_refused(store: Store) -> None:
    await store.create_quiz(quiz())
    with pytest.raises(KeyError):
        await store.create_quiz(quiz())


async def test_second_answer_to_same_quiz_is_refused(store: Store) -> None:
    await store.create_quiz(quiz())
    assert await store.record_answer(answer("bob")) is AnswerOutcome.RECORDED
    assert await store.record_answer(answer("bob", points=0)) is AnswerOutcome.ALREADY_ANSWERED
    row = await store.user_score(WS, "all", "bob")
    assert row is not None
    assert (row.points, row.answered, row.correct) == (10, 1, 1)


async def test_concurrent_duplicates_count_once(store: Store) -> None:
    await store.create_quiz(quiz())
    outcomes = await asyncio.gather(*(store.record_answer(answer("bob")) for _ in range(20)))
    assert outcomes.count(AnswerOutcome.RECORDED) == 1
    assert outcomes.count(AnswerOutcome.ALREADY_ANSWERED) == 19
    row = await store.user_score(WS, "all", "bob")
    assert row is not None and row.answered == 1


async def test_burst_of_answers_is_scored_per_period(store: Store) -> None:
    await store.create_quiz(quiz("QUIZ0001"))
    await store.create_quiz(quiz("QUIZ0002"))
    users = [f"u{i:03d}" for i in range(300)]
    await asyncio.gather(
        *(store.record_answer(answer(u, quiz_id="QUIZ0001")) for u in users),
        *(
            store.record_answer(answer(u, quiz_id="QUIZ0002", points=0, correct=False))
            for u in users
        ),
    )
    row = await store.user_score(WS, "week:2026-W48", "u123")
    assert row is not None
    assert (row.points, row.answered, row.correct) == (10, 2, 1)
    assert await store.user_score(WS, "month:2026-11", "u123") is None


async def test_leaderboard_orders_by_points_and_ties_share_a_rank(store: Store) -> None:
    await store.create_quiz(quiz("QUIZ0001"))
    await store.create_quiz(quiz("QUIZ0002"))
    await store.record_answer(answer("ann", quiz_id="QUIZ0001", points=30))
    await store.record_answer(answer("bob", quiz_id="QUIZ0001", points=10))
    await store.record_answer(answer("cat", quiz_id="QUIZ0001", points=10))
    await store.record_answer(answer("bob", quiz_id="QUIZ0002", points=30))
    top = await store.top_scores(WS, "all", 10)
    assert [(r.user_id, r.points) for r in top] == [("bob", 40), ("ann", 30), ("cat", 10)]
    assert top[0].display_name == "Bob"
    assert await store.rank_of(WS, "all", "cat") == 3
    await store.record_answer(answer("ann", quiz_id="QUIZ0002", points=10))
    assert await store.rank_of(WS, "all", "ann") == 1
    assert await store.rank_of(WS, "all", "bob") == 1
    assert await store.rank_of(WS, "all", "nobody") is None


async def test_scores_never_leak_across_workspaces(store: Store) -> None:
    await store.create_quiz(quiz("QUIZ0001"))
    await store.create_quiz(quiz("QUIZ0009", workspace="slack:T2"))
    await store.record_answer(answer("bob"))
    await store.record_answer(answer("eve", quiz_id="QUIZ0009", workspace="slack:T2"))
    assert [r.user_id for r in await store.top_scores(WS, "all", 10)] == ["bob"]
    assert [r.user_id for r in await store.top_scores("slack:T2", "all", 10)] == ["eve"]


async def test_answer_counts_group_by_content_option(store: Store) -> None:
    await store.create_quiz(quiz())
    for user, choice in (("a", 0), ("b", 2), ("c", 2)):
        await store.record_answer(answer(user, choice=choice))
    assert await store.answer_counts("QUIZ0001") == {0: 1, 2: 2}


async def test_acknowledged_answers_survive_a_restart(reopenable: Callable[[], Store]) -> None:
    first = reopenable()
    await first.start()
    await first.create_quiz(quiz())
    pending = [asyncio.create_task(first.record_answer(answer(f"u{i}"))) for i in range(50)]
    await asyncio.sleep(0)
    await first.close()
    outcomes = [task.result() for task in pending]
    assert outcomes == [AnswerOutcome.RECORDED] * 50

    second = reopenable()
    await second.start()
    try:
        top = await second.top_scores(WS, "all", 100)
        assert len(top) == 50
        assert await second.record_answer(answer("u7")) is AnswerOutcome.ALREADY_ANSWERED
    finally:
        await second.close()


async def test_writes_after_close_are_refused(reopenable: Callable[[], Store]) -> None:
    closed = reopenable()
    await closed.start()
    await closed.close()
    with pytest.raises(StoreClosed):
        await closed.record_answer(answer("late"))


async def test_migrations_apply_once_when_instances_start_together(
    reopenable: Callable[[], Store],
) -> None:
    stores = [reopenable() for _ in range(3)]
    await asyncio.gather(*(s.start() for s in stores))
    try:
        await stores[0].create_quiz(quiz())
        assert await stores[2].get_quiz(WS, "QUIZ0001") is not None
    finally:
        await asyncio.gather(*(s.close() for s in stores))


# Daily posts, claims, streaks, teams and workspace settings.

CHANNEL = "general"
DAY = "2026-11-26"


def daily_channel(
    channel: str = CHANNEL, workspace: str = WS, enabled: bool = True
) -> DailyChannelRecord:
    return DailyChannelRecord(
        workspace_id=workspace,
        channel_id=channel,
        post_time="09:30",
        timezone="Europe/Paris",
        weekdays="1111100",
        difficulty="hard",
        topics=("tokenization", "rag"),
        window_minutes=360,
        feedback="instant",
        recap=True,
        enabled=enabled,
        since_ms=5,
        updated_by="alice",
        updated_at_ms=5,
        packs=("computers", "fernhill-ai-policy"),
    )


async def test_daily_channel_round_trips_and_is_scoped_to_its_workspace(store: Store) -> None:
    await store.save_daily_channel(daily_channel())
    await store.save_daily_channel(daily_channel("quiet", enabled=False))
    await store.save_daily_channel(daily_channel(workspace="slack:T2"))
    assert await store.get_daily_channel(WS, CHANNEL) == daily_channel()
    assert await store.get_daily_channel("slack:T9", CHANNEL) is None
    enabled = await store.enabled_daily_channels()
    assert [(c.workspace_id, c.channel_id) for c in enabled] == [
        (WS, CHANNEL),
        ("slack:T2", CHANNEL),
    ]
    await store.set_daily_paused(WS, CHANNEL, "the channel was archived", 9)
    [paused] = await store.paused_daily_channels(WS)
    assert (paused.paused_reason, paused.paused_at_ms) == ("the channel was archived", 9)
    assert await store.paused_daily_channels("slack:T2") == []
    await store.set_daily_cycle(WS, CHANNEL, 3, 77)
    cycled = await store.get_daily_channel(WS, CHANNEL)
    assert cycled is not None and (cycled.cycle, cycled.cycle_started_ms) == (3, 77)


async def test_due_channels_come_by_next_due_time_and_never_paused_or_off(
    store: Store,
) -> None:
    for name, due in (("late", 3_000), ("early", 1_000), ("later", 9_000), ("blank", None)):
        await store.save_daily_channel(replace(daily_channel(name), next_due_ms=due))
    await store.save_daily_channel(replace(daily_channel("off", enabled=False), next_due_ms=1))
    await store.save_daily_channel(replace(daily_channel("paused"), next_due_ms=2))
    await store.set_daily_paused(WS, "paused", "the channel was archived", 9)
    due = await store.due_daily_channels(5_000, 10)
    assert [(c.channel_id, c.next_due_ms) for c in due] == [("early", 1_000), ("late", 3_000)]
    assert [c.channel_id for c in await store.due_daily_channels(5_000, 1)] == ["early"]
    assert await store.next_daily_due_ms(5_000) == 9_000
    assert await store.next_daily_due_ms(9_000) is None
    assert [c.channel_id for c in await store.daily_channels_without_due(10)] == ["blank"]
    await store.set_daily_next_due([(WS, "blank", 4_000), (WS, "early", 20_000)])
    due = await store.due_daily_channels(5_000, 10)
    assert [c.channel_id for c in due] == ["late", "blank"]
    assert await store.daily_channels_without_due(10) == []
    reloaded = await store.get_daily_channel(WS, "early")
    assert reloaded is not None and reloaded.next_due_ms == 20_000


async def test_heartbeats_count_live_instances_and_forget_silent_ones(store: Store) -> None:
    assert await store.beat_instance("a", 1_000, 0) == 1
    assert await store.beat_instance("b", 2_000, 0) == 2
    assert await store.beat_instance("a", 3_000, 0) == 2
    # b was last seen at 2 s: with live meaning "seen after 2.5 s", it no longer counts.
    assert await store.beat_instance("c", 4_000, 2_500) == 2
    await store.leave_instance("c")
    assert await store.beat_instance("a", 5_000, 2_500) == 1


async def test_daily_claim_is_taken_once(store: Store) -> None:
    first = await store.claim_daily(WS, CHANNEL, DAY, "post", "a", 1_000, 61_000)
    second = await store.claim_daily(WS, CHANNEL, DAY, "post", "b", 2_000, 62_000)
    assert first is not None and first.claimed_by == "a" and first.attempts == 1
    assert first.status is ClaimStatus.CLAIMED
    assert second is None


async def test_racing_instances_get_one_claim(reopenable: Callable[[], Store]) -> None:
    stores = [reopenable() for _ in range(4)]
    await asyncio.gather(*(s.start() for s in stores))
    try:
        for day in range(1, 21):
            claims = await asyncio.gather(
                *(
                    s.claim_daily(WS, CHANNEL, f"2026-12-{day:02d}", "post", f"i{n}", 1, 9_999)
                    for n, s in enumerate(stores)
                )
            )
            assert sum(c is not None for c in claims) == 1
    finally:
        await asyncio.gather(*(s.close() for s in stores))


async def test_expired_unfinished_claim_is_taken_again_with_its_quiz(store: Store) -> None:
    first = await store.claim_daily(WS, CHANNEL, DAY, "post", "a", 1_000, 61_000)
    assert first is not None
    await store.attach_daily_quiz(WS, CHANNEL, DAY, "post", "QUIZ0001")
    assert await store.claim_daily(WS, CHANNEL, DAY, "post", "b", 60_999, 120_999) is None
    again = await store.claim_daily(WS, CHANNEL, DAY, "post", "b", 61_000, 121_000)
    assert again is not None
    assert (again.claimed_by, again.attempts, again.quiz_id) == ("b", 2, "QUIZ0001")
    assert not await store.finish_daily_claim(first, ClaimStatus.POSTED, 61_500)
    assert await store.finish_daily_claim(again, ClaimStatus.POSTED, 61_500, message_ref="m1")
    assert await store.claim_daily(WS, CHANNEL, DAY, "post", "c", 999_999, 999_999) is None
    done = await store.get_daily_claim(WS, CHANNEL, DAY, "post")
    assert done is not None and (done.status, done.message_ref) == (ClaimStatus.POSTED, "m1")


async def test_finishing_a_post_schedules_follow_ups_that_fall_due(store: Store) -> None:
    claim = await store.claim_daily(WS, CHANNEL, DAY, "post", "a", 1_000, 61_000)
    assert claim is not None
    claim = replace(claim, quiz_id="QUIZ0001")
    follow_ups = (FollowUp("reveal", DAY, 50_000), FollowUp("warn", DAY, 40_000))
    assert await store.finish_daily_claim(
        claim, ClaimStatus.POSTED, 2_000, message_ref="m1", follow_ups=follow_ups
    )
    assert await store.next_daily_wake_ms(2_000) == 40_000
    assert await store.due_daily_work(39_999, ("reveal", "warn"), 10) == []
    due = await store.due_daily_work(50_000, ("reveal", "warn"), 10)
    assert [(d.kind, d.status, d.quiz_id) for d in due] == [
        ("warn", ClaimStatus.PENDING, "QUIZ0001"),
        ("reveal", ClaimStatus.PENDING, "QUIZ0001"),
    ]
    reveal = await store.claim_daily(WS, CHANNEL, DAY, "reveal", "b", 50_000, 110_000)
    assert reveal is not None and reveal.quiz_id == "QUIZ0001"
    assert [d.kind for d in await store.due_daily_work(50_000, ("reveal", "warn"), 10)] == ["warn"]
    assert await store.next_daily_wake_ms(50_000) == 110_000


async def test_settled_days_are_final_until_reopened(store: Store) -> None:
    assert await store.settle_daily_day(
        WS, CHANNEL, DAY, "post", ClaimStatus.SKIPPED, "skipped by an admin", 1_000
    )
    assert await store.claim_daily(WS, CHANNEL, DAY, "post", "a", 2_000, 62_000) is None
    assert not await store.settle_daily_day(
        WS, CHANNEL, DAY, "post", ClaimStatus.MISSED, "late", 3_000
    )
    assert await store.reopen_daily_day(WS, CHANNEL, DAY, "post", 4_000)
    assert await store.claim_daily(WS, CHANNEL, DAY, "post", "a", 5_000, 65_000) is not None
    assert not await store.settle_daily_day(
        WS, CHANNEL, DAY, "post", ClaimStatus.MISSED, "late", 6_000
    )
    history = await store.daily_claims_between(WS, CHANNEL, "2026-11-01", "2026-11-30")
    assert [(c.local_date, c.status) for c in history] == [(DAY, ClaimStatus.CLAIMED)]
    assert await store.daily_claims_between("slack:T2", CHANNEL, "2026-11-01", "2026-11-30") == []


async def test_daily_questions_since_lists_a_channels_daily_quizzes(store: Store) -> None:
    for n, (kind, channel) in enumerate(
        [("daily", CHANNEL), ("adhoc", CHANNEL), ("daily", "other"), ("daily", CHANNEL)]
    ):
        await store.create_quiz(
            replace(quiz(f"QUIZ000{n}"), kind=kind, channel_id=channel, question_id=f"q{n}")
        )
    assert await store.daily_questions_since(WS, CHANNEL, 0) == ["q0", "q3"]
    assert await store.daily_questions_since("slack:T2", CHANNEL, 0) == []


async def test_streaks_keep_their_best_and_used_freeze(store: Store) -> None:
    await store.save_streaks([StreakRecord(WS, CHANNEL, "ann", 5, 9, DAY, "2026-W48")])
    await store.save_streaks([StreakRecord(WS, CHANNEL, "ann", 1, 1, "2026-11-27", None)])
    assert await store.get_streak(WS, CHANNEL, "ann") == StreakRecord(
        WS, CHANNEL, "ann", 1, 9, "2026-11-27", "2026-W48"
    )
    await store.save_streaks([StreakRecord(WS, CHANNEL, "bob", 0, 2, DAY, None)])
    assert [s.user_id for s in await store.active_streaks(WS, CHANNEL)] == ["ann"]
    assert await store.active_streaks("slack:T2", CHANNEL) == []


async def test_workspace_settings_round_trip_per_workspace(store: Store) -> None:
    record = WorkspaceSettingsRecord(WS, "Europe/Paris", "UTC", 10, ("77", "78"), 10)
    await store.save_workspace_settings(record)
    assert await store.get_workspace_settings(WS) == record
    assert await store.get_workspace_settings("slack:T2") is None
    await store.save_workspace_settings(replace(record, admin_roles=()))
    loaded = await store.get_workspace_settings(WS)
    assert loaded is not None and loaded.admin_roles == ()


def team(team_id: str, name: str, workspace: str = WS, role: str | None = None) -> TeamRecord:
    return TeamRecord(workspace, team_id, name, role, "alice", 1)


async def test_team_names_are_unique_per_workspace_ignoring_case(store: Store) -> None:
    await store.create_team(team("t1", "Night Owls"))
    with pytest.raises(KeyError):
        await store.create_team(team("t2", "night  OWLS"))
    await store.create_team(team("t3", "Night Owls", workspace="slack:T2"))
    found = await store.find_team(WS, "NIGHT OWLS")
    assert found is not None and found.team_id == "t1"
    await store.create_team(team("t4", "Larks"))
    with pytest.raises(KeyError):
        await store.rename_team(WS, "t4", "night owls")
    await store.link_team(WS, "t1", "900")
    with pytest.raises(KeyError):
        await store.link_team(WS, "t4", "900")
    assert [t.name for t in await store.list_teams(WS)] == ["Larks", "Night Owls"]


async def test_membership_is_one_team_per_member_and_deleting_a_team_frees_them(
    store: Store,
) -> None:
    await store.create_team(team("t1", "Owls"))
    await store.create_team(team("t2", "Larks"))
    await store.set_team_membership(WS, "ann", "Ann", "t1", 1)
    await store.set_team_membership(WS, "ann", "Ann", "t2", 2)
    mine = await store.team_of(WS, "ann")
    assert mine is not None and mine.team_id == "t2"
    assert await store.team_members(WS, "t1") == []
    assert await store.team_members(WS, "t2") == [TeamMember("ann", "Ann")]
    assert await store.team_of("slack:T2", "ann") is None
    await store.delete_team(WS, "t2")
    assert await store.team_of(WS, "ann") is None
    assert await store.get_team(WS, "t2") is None


async def test_team_scores_sum_members_and_count_the_active_ones(store: Store) -> None:
    await store.create_team(team("t1", "Owls"))
    await store.create_team(team("t2", "Larks"))
    await store.create_team(team("t9", "Owls", workspace="slack:T2"))
    for user, team_id in (("ann", "t1"), ("bob", "t1"), ("cat", "t1"), ("dan", "t2")):
        await store.set_team_membership(WS, user, user.capitalize(), team_id, 1)
    await store.create_quiz(quiz())
    await store.record_answer(answer("ann", points=30))
    await store.record_answer(answer("bob", points=0, correct=False))
    await store.record_answer(answer("eve", points=20))
    rows = {r.team_id: r for r in await store.team_scores(WS, "week:2026-W48")}
    assert rows == {
        "t1": TeamScoreRow("t1", "Owls", members=3, active=2, points=30),
        "t2": TeamScoreRow("t2", "Larks", members=1, active=0, points=0),
    }
    assert [r.team_id for r in await store.team_scores("slack:T2", "week:2026-W48")] == ["t9"]


async def test_quiz_answers_come_back_in_answer_order_with_names(store: Store) -> None:
    await store.create_quiz(quiz())
    await store.record_answer(replace(answer("bob", choice=2), answered_at_ms=3_000))
    await store.record_answer(replace(answer("ann", correct=True), answered_at_ms=2_500))
    rows = await store.quiz_answers(WS, "QUIZ0001")
    assert [(r.user_id, r.display_name, r.choice, r.correct) for r in rows] == [
        ("ann", "Ann", 0, True),
        ("bob", "Bob", 2, True),
    ]
    assert await store.quiz_answers("slack:T2", "QUIZ0001") == []


async def test_a_new_display_name_replaces_the_stored_one_on_the_next_answer(
    store: Store,
) -> None:
    await store.create_quiz(quiz("QUIZ0001"))
    await store.create_quiz(quiz("QUIZ0002"))
    await store.record_answer(answer("bob", quiz_id="QUIZ0001"))
    await store.record_answer(replace(answer("bob", quiz_id="QUIZ0002"), display_name="Robert"))
    rows = await store.quiz_answers(WS, "QUIZ0001")
    assert [(r.user_id, r.display_name) for r in rows] == [("bob", "Robert")]


async def test_quiz_feedback_mode_round_trips(store: Store) -> None:
    await store.create_quiz(replace(quiz(), kind="daily", feedback="at_close", closes_at_ms=9))
    loaded = await store.get_quiz(WS, "QUIZ0001")
    assert loaded is not None and (loaded.kind, loaded.feedback) == ("daily", "at_close")


async def test_a_quiz_keeps_the_snapshot_of_its_question(store: Store) -> None:
    await store.create_quiz(replace(quiz(), snapshot='{"stem": "Which?"}'))
    await store.create_quiz(quiz("QUIZ0002"))
    first = await store.get_quiz(WS, "QUIZ0001")
    second = await store.get_quiz(WS, "QUIZ0002")
    assert first is not None and first.snapshot == '{"stem": "Which?"}'
    assert second is not None and second.snapshot is None


def pack(name: str = "computers", workspace: str = WS, count: int = 3) -> PackRecord:
    return PackRecord(
        workspace_id=workspace,
        name=name,
        title=name.capitalize(),
        description=f"About {name}",
        format="red",
        source="Red-DiscordBot trivia",
        license="GPL-3.0",
        author="JennJenn",
        topics=(PackTopicRecord(f"pack.{name}/{name}", name.capitalize(), f"About {name}"),),
        question_count=count,
        imported_by="alice",
        imported_at_ms=5_000,
    )


def pack_questions(name: str = "computers", count: int = 3) -> list[PackQuestionRecord]:
    return [PackQuestionRecord(f"pack.{name}/q-{n}", f'{{"n": {n}}}') for n in range(count)]


async def test_a_pack_is_stored_whole_and_read_back_in_order(store: Store) -> None:
    assert await store.pack_version(WS) == 0
    assert await store.list_packs(WS) == []
    saved = await store.save_pack(pack(), pack_questions(), replace=False, max_packs=20)
    assert saved is PackSaved.ADDED
    assert await store.list_packs(WS) == [pack()]
    assert await store.get_pack(WS, "computers") == pack()
    assert await store.pack_questions(WS, "computers") == pack_questions()
    assert await store.pack_version(WS) == 1


async def test_a_pack_topic_keeps_its_question_count_and_one_stored_without_has_none(
    store: Store,
) -> None:
    counted = replace(
        pack("alpha"),
        topics=(
            PackTopicRecord("pack.alpha/big", "Big", "Three questions", 3),
            PackTopicRecord("pack.alpha/none", "None", "No question", 0),
        ),
    )
    await store.save_pack(counted, pack_questions("alpha"), replace=False, max_packs=20)
    await store.save_pack(pack("beta"), pack_questions("beta"), replace=False, max_packs=20)
    alpha, beta = await store.list_packs(WS)
    assert [t.questions for t in alpha.topics] == [3, 0]
    assert [t.questions for t in beta.topics] == [None]


async def test_a_pack_of_the_same_name_is_replaced_only_when_asked(store: Store) -> None:
    await store.save_pack(pack(), pack_questions(), replace=False, max_packs=20)
    again = await store.save_pack(
        pack(count=2), pack_questions(count=2), replace=False, max_packs=20
    )
    assert again is PackSaved.EXISTS
    assert await store.pack_questions(WS, "computers") == pack_questions()
    assert await store.pack_version(WS) == 1, "a refused save changes nothing"
    replaced = await store.save_pack(
        pack(count=2), pack_questions(count=2), replace=True, max_packs=20
    )
    assert replaced is PackSaved.REPLACED
    assert await store.pack_questions(WS, "computers") == pack_questions(count=2)
    assert [p.question_count for p in await store.list_packs(WS)] == [2]
    assert await store.pack_version(WS) == 2


async def test_a_workspace_holds_at_most_its_limit_of_packs(store: Store) -> None:
    for name in ("alpha", "beta"):
        await store.save_pack(pack(name), pack_questions(name), replace=False, max_packs=2)
    full = await store.save_pack(pack("gamma"), pack_questions("gamma"), replace=False, max_packs=2)
    assert full is PackSaved.FULL
    assert [p.name for p in await store.list_packs(WS)] == ["alpha", "beta"]
    replaced = await store.save_pack(
        pack("beta"), pack_questions("beta"), replace=True, max_packs=2
    )
    assert replaced is PackSaved.REPLACED


async def test_concurrent_imports_into_one_workspace_keep_the_limit(store: Store) -> None:
    outcomes = await asyncio.gather(
        *(
            store.save_pack(pack(f"p{n}"), pack_questions(f"p{n}"), replace=False, max_packs=3)
            for n in range(6)
        )
    )
    assert sorted(o.value for o in outcomes) == ["added"] * 3 + ["full"] * 3
    assert len(await store.list_packs(WS)) == 3


async def test_removing_a_pack_takes_its_questions_and_bumps_the_version(store: Store) -> None:
    await store.save_pack(pack(), pack_questions(), replace=False, max_packs=20)
    assert await store.remove_pack(WS, "computers") is True
    assert await store.get_pack(WS, "computers") is None
    assert await store.pack_questions(WS, "computers") == []
    assert await store.pack_version(WS) == 2
    assert await store.remove_pack(WS, "computers") is False
    assert await store.pack_version(WS) == 2


async def test_packs_belong_to_one_workspace(store: Store) -> None:
    await store.save_pack(pack(), pack_questions(), replace=False, max_packs=1)
    other = "slack:T2"
    assert await store.list_packs(other) == []
    assert await store.get_pack(other, "computers") is None
    assert await store.pack_questions(other, "computers") == []
    assert await store.pack_version(other) == 0
    assert await store.remove_pack(other, "computers") is False
    theirs = await store.save_pack(
        pack(workspace=other), pack_questions(), replace=False, max_packs=1
    )
    assert theirs is PackSaved.ADDED
    assert [p.workspace_id for p in await store.list_packs(WS)] == [WS]


async def test_packs_survive_a_restart(reopenable: Callable[[], Store]) -> None:
    first = reopenable()
    await first.start()
    await first.save_pack(pack(), pack_questions(), replace=False, max_packs=20)
    await first.close()
    second = reopenable()
    await second.start()
    try:
        assert await second.list_packs(WS) == [pack()]
        assert await second.pack_version(WS) == 1
    finally:
        await second.close()
