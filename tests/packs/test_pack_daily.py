"""Daily questions drawn from packs: only the pack's, or mixed with topics; credited; kept."""

from __future__ import annotations

from datetime import timedelta

from bot.adapters.console import ConsoleChat
from bot.engine import Actor, Engine, unmarked
from bot.engine.packs.ids import is_pack_id
from tests.daily_support import advance, attach, utc
from tests.packs.conftest import EXAMPLE, pack_file
from tests.support import ManualClock


async def test_a_channel_can_draw_its_daily_questions_from_a_pack_only(
    engine: Engine, actor: Actor, chat: ConsoleChat, clock: ManualClock
) -> None:
    poster = attach(engine, clock)
    await engine.run(actor, pack_file("red/computers.yaml"))
    setup = await chat.say("/llm daily setup 09:00 UTC every --packs computers 1h")
    assert setup.kind == "daily_status", setup.body
    preview = await chat.say("/llm daily preview")
    assert preview.data["question_id"].startswith("pack.computers/")
    assert unmarked(preview.footer).endswith("Red-DiscordBot trivia, GPL-3.0")
    await advance(engine, clock, utc(2026, 11, 28, 9, 30))
    posts = poster.posts("quiz")
    assert len(posts) == 3
    assert all(p.data["question_id"].startswith("pack.computers/") for p in posts)
    assert all(
        unmarked(p.footer).endswith("from pack *computers* · Red-DiscordBot trivia, GPL-3.0")
        for p in posts
    )
    reveals = poster.posts("daily_reveal")
    assert len(reveals) == 2 and "Red-DiscordBot trivia, GPL-3.0" in unmarked(reveals[0].footer)
    closed = [s.reply for s in poster.sent if s.edit]
    assert closed and unmarked(closed[0].footer).endswith("Red-DiscordBot trivia, GPL-3.0")


async def test_packs_mix_with_topics_and_an_unknown_pack_is_refused(
    engine: Engine, actor: Actor, chat: ConsoleChat, clock: ManualClock
) -> None:
    attach(engine, clock)
    unknown = await chat.say("/llm daily setup 09:00 UTC --packs fernhill-ai-policy")
    assert unknown.kind == "refused" and "no pack fernhill-ai-policy" in unmarked(unknown.body)
    await engine.run(actor, pack_file(EXAMPLE))
    await chat.say("/llm daily setup 09:00 UTC every tokenization --packs fernhill-ai-policy")
    channel = await engine.store.get_daily_channel(actor.workspace_key, actor.channel)
    assert channel is not None and channel.packs == ("fernhill-ai-policy",)
    pool = await engine.picker.pool(channel)
    assert {is_pack_id(q.id) for q in pool} == {True, False}
    [topic] = channel.topics
    assert all(is_pack_id(q.id) or topic in q.topics for q in pool)
    cleared = await chat.say("/llm daily setup --packs none")
    assert cleared.kind == "daily_status"
    channel = await engine.store.get_daily_channel(actor.workspace_key, actor.channel)
    assert channel is not None and channel.packs == () and channel.topics == (topic,)


async def test_a_pack_removed_after_the_post_leaves_answers_and_the_reveal_intact(
    engine: Engine, actor: Actor, chat: ConsoleChat, clock: ManualClock
) -> None:
    poster = attach(engine, clock)
    await engine.run(actor, pack_file(EXAMPLE))
    await chat.say("/llm daily setup 09:00 UTC every instant --packs fernhill-ai-policy 2h")
    await advance(engine, clock, utc(2026, 11, 26, 9, 1))
    [post] = poster.posts("quiz")
    member = chat.as_user("bob", "Bob")
    answered = await member.say(f"/llm answer {post.data['quiz_id']} A")
    assert answered.kind == "answer"
    confirm = await chat.say("/llm pack remove fernhill-ai-policy")
    removed = await chat.press(confirm.buttons[0].action_id)
    assert removed.kind == "pack_removed" and "`general`" in removed.body
    late = await chat.as_user("cat", "Cat").say(f"/llm answer {post.data['quiz_id']} B")
    assert late.kind == "answer"
    await advance(engine, clock, utc(2026, 11, 26, 9, 1) + timedelta(hours=2))
    [reveal] = poster.posts("daily_reveal")
    assert reveal.data["players"] == 2 and reveal.data["question_id"] == post.data["question_id"]
    assert "from pack *fernhill-ai-policy* · CC0-1.0" in unmarked(reveal.footer)
    # With its only pack gone, the channel has nothing to ask the next day.
    await advance(engine, clock, utc(2026, 11, 27, 9, 5))
    assert len(poster.posts("quiz")) == 1
