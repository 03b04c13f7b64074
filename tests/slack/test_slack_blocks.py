"""Block Kit rendering: mrkdwn conversion, escaping, and every Slack limit from LIMITS.md."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from slack_sdk.models.blocks import Block

from bot.adapters.slack import blocks as kit
from bot.adapters.slack.home import HomeData, home_view
from bot.adapters.slack.mrkdwn import chunks, escape, to_mrkdwn, unescape
from bot.engine import Button, Engine, Field, Image, Link, MenuOption, Reply, Style
from bot.engine.learn.quiz import display_order
from bot.knowledge import KnowledgeBase
from bot.knowledge.models import DEPTHS
from storage import QuizRecord

FILE = {"slack_file": {"id": "F0000001"}}
_SLACK_SYNTAX = re.compile(r"<([^>]*)>")


def walk(value: Any) -> list[dict[str, Any]]:
    """Every dict inside a block, the block itself included."""
    if isinstance(value, dict):
        return [value, *(d for v in value.values() for d in walk(v))]
    if isinstance(value, list):
        return [d for v in value for d in walk(v)]
    return []


def assert_fits(message: kit.SlackMessage, max_blocks: int = kit.MAX_BLOCKS) -> None:
    assert 0 < len(message.blocks) <= max_blocks
    assert 0 < len(message.text) <= kit.MESSAGE_TEXT
    action_ids = []
    for raw in message.blocks:
        Block.parse(raw).to_dict()  # slack_sdk's own validators raise on a broken limit
        if raw["type"] == "header":
            assert len(raw["text"]["text"]) <= kit.HEADER_TEXT
        if raw["type"] == "section":
            assert len(raw.get("text", {}).get("text", "")) <= kit.SECTION_TEXT
            assert len(raw.get("fields", [])) <= kit.MAX_FIELDS
            assert all(len(f["text"]) <= kit.FIELD_TEXT for f in raw.get("fields", []))
        if raw["type"] == "context":
            assert len(raw["elements"]) <= kit.CONTEXT_ELEMENTS
        if raw["type"] == "actions":
            assert 0 < len(raw["elements"]) <= kit.ACTION_ELEMENTS
        for item in walk(raw):
            if "action_id" in item:
                action_ids.append(item["action_id"])
                assert len(item["action_id"]) <= kit.ACTION_ID
            if item.get("type") == "button":
                assert 0 < len(item["text"]["text"]) <= kit.BUTTON_TEXT
            if item.get("type") == "static_select":
                assert len(item["options"]) <= kit.MAX_OPTIONS
                assert len(item["placeholder"]["text"]) <= kit.PLACEHOLDER
                for option in item["options"]:
                    assert len(option["text"]["text"]) <= kit.OPTION_TEXT
                    assert len(option["value"]) <= kit.OPTION_VALUE
            if item.get("type") == "mrkdwn":
                assert item["verbatim"] is True
    assert len(action_ids) == len(set(action_ids)), "Slack refuses repeated action ids"


def quiz_record(question_id: str, kb: KnowledgeBase) -> QuizRecord:
    question = kb.questions[question_id]
    return QuizRecord(
        id="ABCD2345",
        workspace_id="slack:T1",
        channel_id="C1",
        question_id=question_id,
        choice_order=display_order("ABCD2345", question),
        created_by="U1",
        created_at_ms=0,
    )


def test_light_markup_becomes_mrkdwn() -> None:
    text = "**Bold** and *italic*, `co*de*` and [paper](https://arxiv.org/abs/1706.03762)\n- one"
    assert to_mrkdwn(text) == (
        "*Bold* and _italic_, `co*de*` and <https://arxiv.org/abs/1706.03762|paper>\n• one"
    )


def test_bare_urls_become_links_without_trailing_punctuation() -> None:
    assert to_mrkdwn("See https://e.org/a?b=1&c=2.") == "See <https://e.org/a?b=1&amp;c=2>."


def test_arithmetic_stars_are_not_italics() -> None:
    assert to_mrkdwn("2 * 3 * 4 and a*b*c") == "2 * 3 * 4 and a*b*c"


def test_control_characters_are_escaped_before_links_are_built() -> None:
    text = "<!channel> <@U123> <#C1> & [<!here>](https://e.org/?a=1&b=2|x>y)"
    out = to_mrkdwn(text)
    assert out == (
        "&lt;!channel&gt; &lt;@U123&gt; &lt;#C1&gt; &amp; "
        "<https://e.org/?a=1&amp;b=2%7Cx&gt;y|&lt;!here&gt;>"
    )


@given(st.text(alphabet=st.sampled_from(list("<>!@#&|[]()*`-_ \nhtps:/.aUC1")), max_size=300))
def test_no_text_can_produce_slack_control_syntax(text: str) -> None:
    out = to_mrkdwn(text)
    for inner in _SLACK_SYNTAX.findall(out):
        assert inner.startswith(("http://", "https://")), inner
    assert "<!" not in out and "<@" not in out and "<#" not in out


@given(st.text(alphabet=st.sampled_from(list("ab <>&[]()\n")), max_size=2000), st.integers(20, 400))
def test_chunks_fit_and_never_split_a_link(text: str, limit: int) -> None:
    rendered = to_mrkdwn(text.replace("()", "(https://x.org/a b)"))
    for piece in chunks(rendered, limit):
        assert 0 < len(piece) <= limit
        assert piece.count("<") == piece.count(">")


def test_unescape_undoes_slacks_escaping_of_typed_text() -> None:
    assert unescape(escape("Q&A <b> &amp;")) == "Q&A <b> &amp;"


def test_every_shipped_explanation_fits(engine: Engine, kb: KnowledgeBase) -> None:
    for topic_id in kb.topics:
        for depth in DEPTHS:
            reply = engine.explain(topic_id, depth)
            assert reply.kind == "explanation"
            assert_fits(kit.render(reply, FILE))


def test_every_shipped_question_and_its_feedback_fit(engine: Engine, kb: KnowledgeBase) -> None:
    for question_id, question in kb.questions.items():
        record = quiz_record(question_id, kb)
        assert_fits(kit.render(engine.quizzes.quiz_reply(record)))
        for position in range(len(question.options)):
            correct = record.choice_order[position] == question.answer_index
            feedback = engine.quizzes.feedback(record, question, position, correct, 10)
            assert_fits(kit.render(feedback))


async def test_catalog_replies_fit(engine: Engine, actor: Any) -> None:
    for text in ("/llm help", "/llm topics", "/llm me", "/llm leaderboard", "/llm explain zzz"):
        assert_fits(kit.render(await engine.handle_text(actor, text)))


def test_oversized_reply_is_cut_to_every_limit(tmp_path: Path) -> None:
    huge = Reply(
        kind="explanation",
        title="T" * 400,
        body="\n".join(f"- line {n} **bold** " + "word " * 120 for n in range(400)),
        fields=tuple(Field(f"F{n}", "v " * 3000, inline=n % 2 == 0) for n in range(24)),
        sources=tuple(Link("L" * 500, f"https://example.org/{n}") for n in range(14)),
        image=Image(tmp_path / "f.png", "A" * 5000),
        buttons=tuple(Button(f"llm:q:t{n % 30}", "B" * 200, Style.PRIMARY) for n in range(40)),
        menu=tuple(MenuOption(f"llm:e:t{n}:standard", "M" * 200) for n in range(150)),
        menu_placeholder="P" * 300,
        footer="F" * 5000,
    )
    message = kit.render(huge, {"image_url": "https://example.org/f.png"})

    assert_fits(message)
    assert len(message.blocks) == kit.MAX_BLOCKS
    assert message.blocks[0]["type"] == "header"
    assert [b["type"] for b in message.blocks[-4:]] == ["image", "context", "actions", "context"]
    assert "shortened" in message.blocks[-5]["text"]["text"]
    assert message.blocks[-3]["elements"][-1]["text"] == "and 5 more"


def test_image_comes_only_from_a_source() -> None:
    reply = Reply(kind="explanation", title="T", body="b", image=Image(Path("x.png"), "alt"))
    assert not kit.render(reply).has_image
    with_file = kit.render(reply, FILE)
    assert with_file.has_image and not with_file.without_image().has_image
    assert not kit.render(reply, {"image_url": "https://e.org/" + "x" * 3000}).has_image


def test_slack_button_styles() -> None:
    reply = Reply(
        kind="x",
        title="T",
        buttons=(
            Button("llm:q:a", "a", Style.SECONDARY),
            Button("llm:q:b", "b", Style.PRIMARY),
            Button("llm:q:c", "c", Style.SUCCESS),
            Button("llm:q:d", "d", Style.DANGER),
        ),
    )
    (actions,) = [b for b in kit.render(reply).blocks if b["type"] == "actions"]
    assert [e.get("style") for e in actions["elements"]] == [None, "primary", "primary", "danger"]


async def test_home_view_fits(engine: Engine, actor: Any) -> None:
    stats = await engine.handle_text(actor, "/llm me")
    daily = await engine.daily_glance(actor)
    view = home_view(HomeData(stats, daily, None, engine.complete_topic("", kit.MAX_OPTIONS)))

    assert_fits(kit.SlackMessage("home", view["blocks"]), kit.MAX_HOME_BLOCKS)
    assert len(json.dumps(view).encode()) < 250_000
    assert "No answers yet." in json.dumps(view)
