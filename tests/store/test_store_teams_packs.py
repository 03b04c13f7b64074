"""The store contract for teams and question packs."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace

import pytest

from storage import PackSaved, PackTopicRecord, Store, TeamMember, TeamScoreRow
from tests.store_support import WS, answer, pack, pack_questions, quiz, team


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
