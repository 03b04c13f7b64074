"""The renderer keeps every reply inside Discord's limits (LIMITS.md), whatever the engine says."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from bot.adapters.discord.embeds import CUT_NOTE
from bot.adapters.discord.render import (
    FULL_TEXT_NAME,
    GREEN,
    GREY,
    RED,
    Rendered,
    colour_of,
    render,
)
from bot.engine import Button, Engine, Field, Image, Link, MenuOption, Reply, Visibility
from bot.engine.daily.reveal import closed_post, reveal_reply
from bot.engine.learn.catalog import help_reply, topics_reply
from bot.engine.learn.quiz import display_order
from bot.knowledge import KnowledgeBase
from bot.knowledge.models import DEPTHS
from storage import QuizAnswerRow, QuizRecord


def assert_within_discord_limits(message: Rendered) -> None:
    embeds = [e.to_dict() for e in message.embeds]
    assert 1 <= len(embeds) <= 10
    total = 0
    for embed in embeds:
        title, description = embed.get("title", ""), embed.get("description", "")
        footer = embed.get("footer", {}).get("text", "")
        fields = embed.get("fields", [])
        assert len(title) <= 256 and len(description) <= 4096 and len(footer) <= 2048
        assert len(fields) <= 25
        for item in fields:
            assert 1 <= len(item["name"]) <= 256 and 1 <= len(item["value"]) <= 1024
        assert title or description or fields
        total += len(title) + len(description) + len(footer)
        total += sum(len(f["name"]) + len(f["value"]) for f in fields)
    assert total <= 6000
    assert len(message.files) <= 10
    if message.view is None:
        return
    rows: list[dict[str, Any]] = message.view.to_components()
    assert len(rows) <= 5
    ids = []
    for row in rows:
        items = row["components"]
        assert len(items) <= 5
        if any(i["type"] == 3 for i in items):
            assert len(items) == 1
        for item in items:
            ids.append(item["custom_id"])
            assert 1 <= len(item["custom_id"]) <= 100
            assert len(item.get("label", "")) <= 80
            assert len(item.get("placeholder", "")) <= 150
            options = item.get("options", [])
            assert len(options) <= 25
            for option in options:
                assert 1 <= len(option["label"]) <= 100 and 1 <= len(option["value"]) <= 100
                assert len(option.get("description") or "") <= 100
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("depth", DEPTHS)
def test_every_topic_renders_within_the_limits_whole_and_with_its_figure(
    engine: Engine, kb: KnowledgeBase, depth: str
) -> None:
    for topic_id, topic in kb.topics.items():
        reply = engine.explain(topic_id, depth)  # type: ignore[arg-type]
        message = render(reply)

        assert_within_discord_limits(message)
        names = [f.filename for f in message.files]
        assert FULL_TEXT_NAME not in names, topic_id
        assert message.embeds[0].description == topic.text(depth)[:4096]  # type: ignore[arg-type]
        if reply.image is not None:
            assert names == [reply.image.path.name]
            assert message.embeds[0].image.url == f"attachment://{reply.image.path.name}"


def quiz_record(question_id: str, kb: KnowledgeBase, kind: str = "adhoc") -> QuizRecord:
    return QuizRecord(
        id="ABCDEFGH",
        workspace_id="discord:1",
        channel_id="2",
        question_id=question_id,
        choice_order=display_order("ABCDEFGH", kb.questions[question_id]),
        created_by="3",
        created_at_ms=0,
        kind=kind,
        closes_at_ms=None,
    )


def test_every_quiz_question_renders_within_the_limits(engine: Engine, kb: KnowledgeBase) -> None:
    for question in kb.questions.values():
        message = render(engine.quizzes.quiz_reply(quiz_record(question.id, kb)))
        assert_within_discord_limits(message)
        assert message.view is not None
        assert len(message.view.children) == len(question.options)


def test_topics_help_and_a_decline_render_within_the_limits(
    engine: Engine, kb: KnowledgeBase
) -> None:
    for reply in (topics_reply(kb), help_reply(), engine.explain("@everyone zzzz qqqq")):
        message = render(reply)
        assert_within_discord_limits(message)
        assert message.ephemeral


def test_an_oversized_reply_is_cut_and_attached_in_full() -> None:
    reply = Reply(
        kind="topics",
        title="T" * 400,
        body="word " * 5000,
        fields=tuple(Field(f"field {n}", "line\n" * 400) for n in range(40)),
        footer="F" * 3000,
    )
    message = render(reply)

    assert_within_discord_limits(message)
    (attached,) = message.files
    assert attached.filename == FULL_TEXT_NAME
    text = attached.fp.read().decode()
    assert text.count("word") == 5000 and "field 39" in text
    assert message.embeds[-1].footer.text is not None
    assert message.embeds[-1].footer.text.startswith(CUT_NOTE)


def test_a_long_description_continues_in_a_second_embed_without_cutting() -> None:
    paragraphs = "\n\n".join(f"Paragraph {n}. " + "x" * 480 for n in range(10))
    message = render(Reply(kind="explanation", title="Long", body=paragraphs))

    assert_within_discord_limits(message)
    assert len(message.embeds) == 2 and message.files == []
    joined = "\n".join(e.description or "" for e in message.embeds)
    assert all(f"Paragraph {n}." in joined for n in range(10))


def test_too_many_controls_are_trimmed_rather_than_rejected() -> None:
    reply = Reply(
        kind="explanation",
        title="Busy",
        body="text",
        buttons=tuple(Button(f"llm:q:topic-{n}", f"Button {n} " + "y" * 90) for n in range(30)),
        menu=tuple(MenuOption(f"llm:e:topic-{n}:standard", "z" * 150) for n in range(30)),
        menu_placeholder="p" * 200,
    )
    message = render(reply)

    assert_within_discord_limits(message)
    assert message.view is not None
    rows = message.view.to_components()
    assert [len(r["components"]) for r in rows] == [5, 5, 5, 5, 1]
    assert len(rows[-1]["components"][0]["options"]) == 25


def test_unusable_or_repeated_ids_are_left_out() -> None:
    reply = Reply(
        kind="declined",
        title="Pick one",
        buttons=(
            Button("llm:q:a", "A"),
            Button("llm:q:a", "A again"),
            Button("llm:q:" + "b" * 120, "Too long"),
            Button("", "Empty"),
        ),
    )
    message = render(reply)

    assert message.view is not None
    assert [item.custom_id for item in message.view.children] == ["llm:q:a"]  # type: ignore[attr-defined]


def test_source_links_survive_brackets_and_parentheses() -> None:
    reply = Reply(
        kind="explanation",
        title="Links",
        body="text",
        sources=(Link("A [draft] paper", "https://en.wikipedia.org/wiki/Transformer_(model)"),),
    )
    (item,) = render(reply).embeds[0].fields

    assert item.value == (
        "- [A (draft) paper](https://en.wikipedia.org/wiki/Transformer_%28model%29)"
    )


def test_private_replies_are_ephemeral_and_public_ones_are_not(tmp_path: Any) -> None:
    figure = tmp_path / "figure.png"
    figure.write_bytes(b"\x89PNG\r\n\x1a\n")
    public = render(Reply(kind="quiz", title="Q", body="b", image=Image(figure, "alt text")))
    private = render(Reply(kind="answer", title="A", body="b", visibility=Visibility.PRIVATE))

    assert public.to_send()["ephemeral"] is False and private.to_send()["ephemeral"] is True
    assert public.files[0].description == "alt text"
    assert public.to_send()["allowed_mentions"].to_dict()["parse"] == []
    assert private.to_edit()["allowed_mentions"].to_dict()["parse"] == []


def test_every_daily_reveal_renders_within_the_limits_with_only_a_report_button(
    kb: KnowledgeBase,
) -> None:
    for question in kb.questions.values():
        choices = [n % len(question.options) for n in range(40)]
        answers = [
            QuizAnswerRow(f"{n}", f"Player {n} " + "n" * 60, c, c == question.answer_index, n)
            for n, c in enumerate(choices)
        ]
        record = quiz_record(question.id, kb, "daily")
        message = render(reveal_reply(record, question, answers, "A topic"))
        assert_within_discord_limits(message)
        assert message.view is not None and not message.ephemeral
        [row] = message.view.to_components()
        assert [i.get("label") for i in row["components"]] == ["Report a problem"]
        assert message.embeds[0].colour is not None and message.embeds[0].colour.value == GREEN


def test_a_recorded_daily_answer_is_coloured_neither_right_nor_wrong() -> None:
    recorded = Reply(
        kind="answer_recorded",
        title="Answer recorded",
        visibility=Visibility.PRIVATE,
        data={"quiz_id": "ABCDEFGH", "choice": "B"},
    )

    assert colour_of(recorded) not in (RED, GREEN)
    assert render(recorded).ephemeral


def test_a_closed_daily_post_has_no_buttons_turns_grey_and_posts_as_a_plain_message(
    engine: Engine, kb: KnowledgeBase
) -> None:
    question_id = next(iter(kb.questions))
    daily = engine.posting.daily_reply(quiz_record(question_id, kb, "daily"), date(2026, 11, 26))
    open_post, closed = render(daily), render(closed_post(daily))

    assert open_post.view is not None and colour_of(daily) != GREY
    assert closed.view is None and colour_of(closed_post(daily)) == GREY
    assert "ephemeral" not in open_post.to_post()
    assert closed.to_edit()["view"] is None
