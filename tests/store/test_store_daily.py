"""The store contract for daily posts, claims, streaks and workspace settings."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace

from storage import ClaimStatus, FollowUp, Store, StreakRecord, WorkspaceSettingsRecord
from tests.store_support import CHANNEL, DAY, WS, daily_channel, quiz


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
