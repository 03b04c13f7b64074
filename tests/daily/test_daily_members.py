"""Daily questions as members and admins meet them: permissions, answers, reveal, picking, recap."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.adapters.console import ConsoleChat, render_text
from bot.engine import Engine, Reply
from bot.engine.daily.picker import cycle_order, pool_for
from bot.engine.grammar import parse, replies_privately
from bot.engine.learn.quiz import POINTS
from bot.knowledge import KnowledgeBase
from bot.pictures.picture import Picture
from tests.daily_support import ScriptedPoster, advance, answer_button, utc
from tests.support import ManualClock

WS = "console:w1"


def text_of(reply: Reply) -> str:
    return render_text(reply)


@pytest.mark.parametrize(
    "command",
    [
        "/llm daily setup 10:00",
        "/llm daily off",
        "/llm daily preview",
        "/llm daily skip",
        "/llm daily now",
        "/llm settings timezone Europe/Paris",
        "/llm settings admin-roles 77",
        "/llm team rename Owls to Larks",
        "/llm team delete Owls",
        "/llm team link Owls 77",
    ],
)
async def test_members_are_refused_admin_commands_and_nothing_changes(
    engine: Engine, clock: ManualClock, admin: ConsoleChat, poster: ScriptedPoster, command: str
) -> None:
    await admin.say("/llm daily setup 09:00 UTC every")
    await admin.say("/llm team create Owls")
    member = admin.as_user("bob", "Bob")
    before = await member.say("/llm daily status")
    reply = await member.say(command)
    assert reply.kind == "refused" and reply.private
    assert "Only admins" in reply.body
    assert (await member.say("/llm daily status")).data == before.data
    assert (await member.say("/llm settings")).data == {"timezone": "UTC", "admin_roles": []}
    assert (await member.say("/llm team list")).data == {"teams": ["Owls"]}
    assert poster.posts() == []


async def test_a_role_named_by_an_admin_may_run_admin_commands(
    admin: ConsoleChat, poster: ScriptedPoster
) -> None:
    await admin.say("/llm settings admin-roles <@&77>")
    helper = admin.as_user("bob", roles=("77",))
    assert (await helper.say("/llm daily setup 08:00 UTC")).kind == "daily_status"
    other = admin.as_user("cat", roles=("78",))
    assert (await other.say("/llm daily off")).kind == "refused"


async def test_answers_are_recorded_privately_and_scored_with_speed_bonus(
    engine: Engine,
    kb: KnowledgeBase,
    clock: ManualClock,
    admin: ConsoleChat,
    poster: ScriptedPoster,
) -> None:
    await admin.say("/llm daily setup 09:00 UTC every")
    await advance(engine, clock, utc(2026, 11, 26, 9, 0))
    [post] = poster.posts("quiz")
    clock.set(utc(2026, 11, 26, 9, 3))
    bob = admin.as_user("bob")
    reply = await bob.press(answer_button(kb, post, right=True))
    assert reply.kind == "answer_recorded" and reply.private
    assert "correct" not in reply.data and "points" not in reply.data
    stats = await bob.say("/llm me")
    assert stats.data["week"]["points"] == POINTS[post.data["difficulty"]] + 5


async def test_instant_feedback_channels_judge_at_once_and_close_on_time(
    engine: Engine,
    kb: KnowledgeBase,
    clock: ManualClock,
    admin: ConsoleChat,
    poster: ScriptedPoster,
) -> None:
    await admin.say("/llm daily setup 09:00 UTC every instant 2h")
    await advance(engine, clock, utc(2026, 11, 26, 9, 0))
    [post] = poster.posts("quiz")
    clock.set(utc(2026, 11, 26, 9, 30))
    reply = await admin.as_user("bob").press(answer_button(kb, post, right=True))
    assert reply.kind == "answer" and reply.data["correct"] is True
    assert reply.data["points"] == POINTS[post.data["difficulty"]] + 2
    clock.set(utc(2026, 11, 26, 11, 0))
    late = await admin.as_user("cat").press(answer_button(kb, post, right=True))
    assert late.kind == "refused" and "closed" in late.body


async def test_reveal_shows_answer_spread_fastest_and_most_chosen_wrong_answer(
    engine: Engine,
    kb: KnowledgeBase,
    clock: ManualClock,
    admin: ConsoleChat,
    poster: ScriptedPoster,
) -> None:
    await admin.say("/llm daily setup 09:00 UTC every 3h")
    await advance(engine, clock, utc(2026, 11, 26, 9, 0))
    [post] = poster.posts("quiz")
    right, wrong = answer_button(kb, post, right=True), answer_button(kb, post, right=False)
    for minute, (user, button) in enumerate(
        [("ann", right), ("bob", wrong), ("cat", wrong), ("dan", right)], start=1
    ):
        clock.set(utc(2026, 11, 26, 9, minute))
        await admin.as_user(user, user.capitalize()).press(button)
    await advance(engine, clock, utc(2026, 11, 26, 12, 1))
    [reveal] = poster.posts("daily_reveal")
    question = kb.questions[post.data["question_id"]]
    wrong_text = post.data["choices"][[b.action_id for b in post.buttons].index(wrong)]["text"]
    tempting = next(o for o in question.options if o.text == wrong_text)
    assert reveal.data["players"] == 4 and reveal.data["correct"] == 2
    assert reveal.data["fastest"] == ["ann", "dan"]
    assert sorted(reveal.data["percentages"].values(), reverse=True)[:2] == [50, 50]
    assert tempting.why in reveal.body
    assert "Ann" in text_of(reveal)
    [closed] = [s for s in poster.sent if s.edit]
    assert closed.ref == poster.sent[0].ref and not closed.reply.buttons


async def test_questions_do_not_repeat_until_the_pool_is_used_and_follow_the_seed(
    engine: Engine,
    kb: KnowledgeBase,
    clock: ManualClock,
    admin: ConsoleChat,
    poster: ScriptedPoster,
) -> None:
    topics = ("privacy-and-security", "gpt-vs-llm")
    await admin.say(f"/llm daily setup 09:00 UTC every {' '.join(topics)} 1h")
    pool = pool_for(kb, topics, None)
    days = len(pool) + 1
    await advance(engine, clock, utc(2026, 11, 26, 9, 0) + timedelta(days=days - 1))
    asked = [p.data["question_id"] for p in poster.posts("quiz")]
    assert len(asked) == days
    expected = [q.id for q in cycle_order(pool, f"7:{WS}:general:0")]
    assert asked[: len(pool)] == expected
    assert sorted(asked[: len(pool)]) == sorted(q.id for q in pool)
    assert asked[len(pool)] != asked[len(pool) - 1]
    primary = [kb.questions[q].topics[0] for q in asked[:4]]
    assert primary[0] != primary[1] and primary[1] != primary[2]


async def test_skip_skips_the_next_question_only(
    engine: Engine, clock: ManualClock, admin: ConsoleChat, poster: ScriptedPoster
) -> None:
    await admin.say("/llm daily setup 09:00 UTC every")
    reply = await admin.say("/llm daily skip")
    assert "Thu 26 Nov 09:00 UTC" in reply.body
    assert reply.data["days"]["2026-11-26"] == "skipped"
    await advance(engine, clock, utc(2026, 11, 27, 9, 30))
    assert poster.times("quiz") == [utc(2026, 11, 27, 9, 0)]


async def test_now_posts_today_and_counts_as_todays_question(
    engine: Engine, clock: ManualClock, admin: ConsoleChat, poster: ScriptedPoster
) -> None:
    await admin.say("/llm daily setup 18:00 UTC every")
    reply = await admin.say("/llm daily now")
    assert reply.data["result"] == "posted"
    again = await admin.say("/llm daily now")
    assert again.kind == "refused" and "already posted" in again.body
    await advance(engine, clock, utc(2026, 11, 26, 12, 0))
    assert poster.times("quiz") == [utc(2026, 11, 25, 12, 0)]


async def test_switching_off_stops_posts_but_still_reveals_the_open_question(
    engine: Engine, clock: ManualClock, admin: ConsoleChat, poster: ScriptedPoster
) -> None:
    await admin.say("/llm daily setup 09:00 UTC every")
    await advance(engine, clock, utc(2026, 11, 26, 10, 0))
    off = await admin.say("/llm daily off")
    assert off.kind == "daily_off"
    await advance(engine, clock, utc(2026, 11, 28, 10, 0))
    assert len(poster.posts("quiz")) == 1
    assert len(poster.posts("daily_reveal")) == 1
    status = await admin.say("/llm daily status")
    assert status.data["enabled"] is False and "off" in status.data["next"]


async def test_preview_is_private_and_shows_what_will_be_posted_next(
    engine: Engine, clock: ManualClock, admin: ConsoleChat, poster: ScriptedPoster
) -> None:
    await admin.say("/llm daily setup 09:00 UTC every")
    preview = await admin.say("/llm daily preview")
    assert preview.private and preview.kind == "daily_preview" and not preview.buttons
    await advance(engine, clock, utc(2026, 11, 26, 9, 0))
    assert poster.posts("quiz")[0].data["question_id"] == preview.data["question_id"]


async def test_weekly_recap_is_posted_once_before_the_first_question_of_the_week(
    engine: Engine,
    kb: KnowledgeBase,
    clock: ManualClock,
    admin: ConsoleChat,
    poster: ScriptedPoster,
) -> None:
    await admin.say("/llm daily setup 09:00 UTC every recap")
    await advance(engine, clock, utc(2026, 11, 26, 9, 0))
    [post] = poster.posts("quiz")
    clock.set(utc(2026, 11, 26, 9, 5))
    await admin.as_user("ann", "Ann").press(answer_button(kb, post, right=True))
    await advance(engine, clock, utc(2026, 12, 1, 9, 30))
    [recap] = poster.posts("daily_recap")
    assert recap.title == "Week 2026-W48 in review"
    assert recap.data["top_members"] == ["ann"]
    assert recap.data["questions"] == 4
    # The chart names the same member with the same points as the text.
    assert isinstance(recap.image, Picture) and recap.image.png.startswith(b"\x89PNG")
    (line,) = recap.fields[0].value.splitlines()
    assert line.startswith("1. Ann: ") and line in recap.image.alt
    kinds = [kind for _, kind in poster.timeline]
    monday = poster.times("quiz").index(utc(2026, 11, 30, 9, 0))
    assert kinds.index("daily_recap") < [i for i, k in enumerate(kinds) if k == "quiz"][monday]


async def test_the_recap_chart_shows_member_and_team_names_inert_with_their_points(
    engine: Engine, kb: KnowledgeBase, clock: ManualClock, admin: ConsoleChat,
    poster: ScriptedPoster,
) -> None:
    await admin.say("/llm daily setup 09:00 UTC every recap")
    await advance(engine, clock, utc(2026, 11, 26, 9, 0))
    [post] = poster.posts("quiz")
    clock.set(utc(2026, 11, 26, 9, 5))
    member = admin.as_user("ann", "**Ann** <@42> evil.example")
    created = await member.say("/llm team create Owls_of_doom")
    assert created.kind == "team_created", created.body
    await member.press(answer_button(kb, post, right=True))
    await advance(engine, clock, utc(2026, 12, 1, 9, 30))

    [recap] = poster.posts("daily_recap")
    assert isinstance(recap.image, Picture)
    alt = recap.image.alt
    assert "1. Ann <@42> evil.\u200bexample: " in alt and "**" not in alt
    (team_line,) = recap.fields[1].value.splitlines()
    assert team_line.startswith("1. Owlsofdoom: ") and "1. Owlsofdoom: " in alt
    points = team_line.removeprefix("1. Owlsofdoom: ").split()[0]
    assert f"Owlsofdoom: {points} points per active member" in alt


async def test_a_week_in_which_nobody_scored_has_a_recap_without_a_chart(
    engine: Engine, clock: ManualClock, admin: ConsoleChat, poster: ScriptedPoster
) -> None:
    await admin.say("/llm daily setup 09:00 UTC every recap")
    await advance(engine, clock, utc(2026, 12, 1, 9, 30))

    [recap] = poster.posts("daily_recap")
    assert recap.fields[0].value == "Nobody scored." and recap.image is None


async def test_workspaces_cannot_see_or_change_each_others_daily_question(
    engine: Engine, clock: ManualClock, admin: ConsoleChat, poster: ScriptedPoster
) -> None:
    await admin.say("/llm daily setup 09:00 UTC every")
    outsider = admin.as_user("eve", is_admin=True, workspace="w2")
    for command in ("/llm daily status", "/llm daily off", "/llm daily skip", "/llm daily now"):
        reply = await outsider.say(command)
        assert reply.kind == "refused" and "no daily question" in reply.body
    assert (await admin.say("/llm daily status")).data["enabled"] is True
    await advance(engine, clock, utc(2026, 11, 26, 9, 1))
    assert len(poster.posts("quiz")) == 1


@pytest.mark.parametrize(
    "text",
    [
        "/llm daily status",
        "/llm daily preview",
        "/llm settings",
        "/llm help scoring",
        "/llm team create Larks",
        "/llm team list",
        "/llm team show Owls",
        "/llm leaderboard teams",
        "/llm me",
    ],
)
async def test_adapters_can_tell_ahead_whether_a_reply_is_private(
    admin: ConsoleChat, poster: ScriptedPoster, text: str
) -> None:
    await admin.say("/llm daily setup 09:00 UTC every")
    await admin.as_user("bob").say("/llm team create Owls")
    reply = await admin.say(text)
    assert reply.kind not in ("refused", "usage")
    assert reply.private == replies_privately(parse(text))
