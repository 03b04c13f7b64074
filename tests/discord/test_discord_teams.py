"""Teams, leaderboards and settings through Discord's commands: names, roles and Role options."""

from __future__ import annotations

from bot.engine import Engine
from tests.discord_standin import (
    DiscordStandIn,
    Member,
    RunningBot,
    right_and_wrong,
    workspace_key,
)

ALICE = Member(101, "Alice", manage_guild=True)
BOB = Member(102, "Bob")
CAROL = Member(103, "Carol")




async def test_teams_are_made_and_joined_and_ranked_on_the_team_board(
    standin: DiscordStandIn, bot: RunningBot, engine: Engine
) -> None:
    created = await standin.ask(ALICE, "team create", name="Red")
    joined = await standin.ask(BOB, "team join", name="Red")
    await standin.ask(CAROL, "team create", name="Blue")
    assert created.ephemeral and created.embeds[0]["title"] == "Team Red created"
    assert joined.ephemeral and joined.embeds[0]["title"] == "You joined Red"
    quiz = await standin.ask(ALICE, "quiz", topic="self-attention")
    assert quiz.message_id is not None
    right, _ = await right_and_wrong(standin, engine, quiz)
    await standin.answer_to(await standin.click(ALICE, quiz.message_id, right))

    board = await standin.ask(BOB, "leaderboard", board="teams", period="all")
    listed = await standin.ask(CAROL, "team list")
    me = await standin.ask(BOB, "me")

    assert not board.ephemeral and board.embeds[0]["title"].startswith("Team leaderboard")
    lines = board.embeds[0]["description"].splitlines()
    assert lines[0].startswith("1. **Red**") and "(your team)" in lines[0]
    assert lines[1].startswith("2. **Blue**: 0 avg · 0 pts")
    assert board.allowed_mentions == {"parse": []}
    assert not listed.ephemeral and "Red" in listed.text and "Blue" in listed.text
    assert me.ephemeral and "Daily streak" in me.text and "Team\nRed" in me.text


async def test_a_team_linked_to_a_role_follows_the_members_roles(
    standin: DiscordStandIn, bot: RunningBot, engine: Engine
) -> None:
    dana = Member(104, "Dana", roles=(standin.world.role_id,))
    await standin.ask(ALICE, "team create", name="Learners")

    refused = await standin.ask(BOB, "team link", name="Learners", role=standin.world.learners)
    linked = await standin.ask(ALICE, "team link", name="Learners", role=standin.world.learners)
    shown = await standin.ask(dana, "team show")
    join = await standin.ask(BOB, "team join", name="Learners")

    assert "Only admins" in refused.text
    assert f"follows role `{standin.world.role_id}`" in linked.embeds[0]["title"]
    assert shown.embeds[0]["title"] == "Team Learners" and "Dana" in shown.text
    assert "people with its role" in join.text
    team = await engine.store.team_of(workspace_key(standin), "104")
    assert team is not None and team.role_id == str(standin.world.role_id)


async def test_an_admin_role_set_in_settings_lets_its_members_set_up_the_daily_question(
    standin: DiscordStandIn, bot: RunningBot, engine: Engine
) -> None:
    dana = Member(104, "Dana", roles=(standin.world.role_id,))
    before = await standin.ask(dana, "daily setup", options="10:00 UTC")

    chosen = await standin.ask(ALICE, "settings admin-roles", role=standin.world.learners)
    zone = await standin.ask(ALICE, "settings timezone", zone="Europe/Paris")
    after = await standin.ask(dana, "daily setup", options="10:00 UTC")

    assert "Only admins" in before.text
    assert chosen.ephemeral and f"`{standin.world.role_id}`" in chosen.text
    assert zone.ephemeral and "Time zone set to Europe/Paris" in zone.text
    assert "Daily question set up." in after.text
    channel = await engine.store.get_daily_channel(
        workspace_key(standin), str(standin.world.channel_id)
    )
    assert channel is not None and channel.post_time == "10:00"


async def test_help_on_scoring_is_private(standin: DiscordStandIn, bot: RunningBot) -> None:
    reply = await standin.ask(BOB, "help", topic="scoring")

    assert reply.ephemeral and reply.embeds[0]["title"] == "How scoring works"
    assert "Streak" in reply.text and "Freeze" in reply.text
