"""Teams through the console adapter: membership, role links, team scores and boards."""

from __future__ import annotations

import pytest

from bot.adapters.console import ConsoleChat
from bot.engine import Actor, Engine
from bot.engine.teams.board import rank_teams
from bot.knowledge import KnowledgeBase
from storage import TeamScoreRow
from tests.daily_support import ScriptedPoster, advance, answer_button, attach, utc
from tests.support import ManualClock


@pytest.fixture
def admin(engine: Engine, actor: Actor) -> ConsoleChat:
    return ConsoleChat(engine, actor)


async def test_members_create_join_switch_and_leave_one_team_at_a_time(
    admin: ConsoleChat,
) -> None:
    bob = admin.as_user("bob", "Bob")
    created = await bob.say("/llm team create Night Owls")
    assert created.kind == "team_created" and created.private
    assert "first member" in created.body
    duplicate = await admin.say("/llm team create night   owls")
    assert duplicate.kind == "refused" and "already exists" in duplicate.body
    await admin.say("/llm team create Larks")
    joined = await bob.say("/llm team join larks")
    assert joined.kind == "team_joined" and "You left Night Owls" in joined.body
    shown = await bob.say("/llm team show")
    assert shown.data["team"] == "Larks" and shown.data["members"] == ["alice", "bob"]
    assert (await bob.say("/llm team leave")).kind == "team_left"
    assert (await bob.say("/llm team leave")).kind == "refused"
    listed = await bob.say("/llm team list")
    assert listed.data == {"teams": ["Larks", "Night Owls"]}


async def test_team_names_are_checked(admin: ConsoleChat) -> None:
    for name in ("@everyone", "<@123>", "**bold**", "x" * 33):
        reply = await admin.say(f"/llm team create {name}")
        assert reply.kind == "usage", name


async def test_admins_rename_and_delete_teams(admin: ConsoleChat) -> None:
    bob = admin.as_user("bob")
    await bob.say("/llm team create Owls")
    renamed = await admin.say("/llm team rename owls to Larks")
    assert renamed.kind == "team_renamed"
    assert (await bob.say("/llm team show")).data["team"] == "Larks"
    assert (await admin.say("/llm team delete Larks")).kind == "team_deleted"
    assert (await bob.say("/llm team show")).kind == "refused"
    assert (await bob.say("/llm team list")).data == {"teams": []}


async def test_a_linked_team_follows_the_role_the_platform_reports(admin: ConsoleChat) -> None:
    await admin.say("/llm team create Red")
    await admin.say("/llm team create Blue")
    linked = await admin.say("/llm team link Red <@&900>")
    assert linked.kind == "team_linked"
    with_role = admin.as_user("bob", roles=("900",))
    assert (await with_role.say("/llm team show")).data["team"] == "Red"
    refused = await with_role.say("/llm team join Blue")
    assert refused.kind == "refused" and "through your role" in refused.body
    stranger = admin.as_user("cat")
    assert (await stranger.say("/llm team join Red")).kind == "refused"
    without_role = admin.as_user("bob")
    assert (await without_role.say("/llm team show")).kind == "refused"
    assert (await admin.say("/llm team link Red off")).kind == "team_linked"
    assert (await stranger.say("/llm team join Red")).kind == "team_joined"


def test_team_score_is_the_average_over_active_members() -> None:
    rows = [
        TeamScoreRow("a", "Big", members=10, active=4, points=100),
        TeamScoreRow("b", "Small", members=2, active=1, points=30),
        TeamScoreRow("c", "Idle", members=3, active=0, points=0),
        TeamScoreRow("d", "Also small", members=1, active=1, points=30),
    ]
    standings = rank_teams(rows)
    assert [(s.name, s.rank, s.average) for s in standings] == [
        ("Also small", 1, 30.0),
        ("Small", 1, 30.0),
        ("Big", 3, 25.0),
        ("Idle", 4, 0.0),
    ]


async def test_team_leaderboard_lists_every_team_by_average_with_totals(
    engine: Engine, kb: KnowledgeBase, clock: ManualClock, admin: ConsoleChat
) -> None:
    poster: ScriptedPoster = attach(engine, clock)
    await admin.say("/llm daily setup 09:00 UTC every instant")
    chats = {name: admin.as_user(name, name.capitalize()) for name in ("ann", "bob", "cat", "dan")}
    await chats["ann"].say("/llm team create Big")
    for name in ("bob", "cat"):
        await chats[name].say("/llm team join Big")
    await chats["dan"].say("/llm team create Small")
    await admin.as_user("eve").say("/llm team create Empty")
    await admin.as_user("eve").say("/llm team leave")
    await advance(engine, clock, utc(2026, 11, 26, 9, 0))
    post = poster.posts("quiz")[0]
    clock.set(utc(2026, 11, 26, 11, 0))
    for name, right in (("ann", True), ("bob", False), ("dan", True)):
        await chats[name].press(answer_button(kb, post, right=right))
    board = await chats["bob"].say("/llm leaderboard teams")
    entries = board.data["entries"]
    assert [e["team"] for e in entries] == ["Small", "Big", "Empty"]
    small, big, empty = entries
    assert small["average"] == small["points"] == big["points"]
    assert big["average"] == big["points"] / 2 and big["active"] == 2 and big["members"] == 3
    assert empty == {
        "team": "Empty",
        "rank": 3,
        "average": 0.0,
        "points": 0,
        "active": 0,
        "members": 0,
    }
    assert "(your team)" in board.body.splitlines()[1]


async def test_leaderboard_shows_the_viewers_rank_outside_the_top_ten(
    engine: Engine, kb: KnowledgeBase, clock: ManualClock, admin: ConsoleChat
) -> None:
    poster = attach(engine, clock)
    await admin.say("/llm daily setup 09:00 UTC every instant")
    await advance(engine, clock, utc(2026, 11, 26, 9, 0))
    post = poster.posts("quiz")[0]
    for n in range(11):
        await admin.as_user(f"u{n:02d}").press(answer_button(kb, post, right=True))
    late = admin.as_user("zed", "Zed")
    await late.press(answer_button(kb, post, right=False))
    board = await late.say("/llm leaderboard")
    assert len(board.data["entries"]) == 10
    assert board.body.splitlines()[-1].startswith("12. **Zed**: 0 pts")


async def test_teams_are_invisible_from_another_workspace(admin: ConsoleChat) -> None:
    await admin.say("/llm team create Owls")
    outsider = admin.as_user("eve", is_admin=True, workspace="w2")
    assert (await outsider.say("/llm team list")).data == {"teams": []}
    assert (await outsider.say("/llm team join Owls")).kind == "refused"
    assert (await outsider.say("/llm team delete Owls")).kind == "refused"
    assert (await outsider.say("/llm leaderboard teams")).data["entries"] == []
    assert (await admin.say("/llm team list")).data == {"teams": ["Owls"]}
