"""Both labs through the console adapter, read like a chat: replies, buttons, bad input."""

from __future__ import annotations

import pytest

from bot.adapters.console import ConsoleChat, render_text
from bot.engine import Actor, Engine
from bot.engine.actions import MAX_ACTION_ID, ExplainAction, SampleAction, decode
from bot.engine.labs.lab import SHOWN_TOKENS, Labs
from bot.engine.reply import MEMBER_CLOSE, MEMBER_OPEN
from bot.knowledge import KnowledgeBase
from bot.pictures.picture import Picture
from storage import Store
from tests.support import ManualClock


@pytest.fixture(scope="module")
def labs(kb: KnowledgeBase) -> Labs:
    return Labs(kb)


@pytest.fixture
def chat(kb: KnowledgeBase, sqlite_store: Store, clock: ManualClock, labs: Labs,
         actor: Actor) -> ConsoleChat:
    return ConsoleChat(Engine(kb, sqlite_store, clock=clock, seed=5, labs=labs), actor)


async def test_tokens_of_hello_world(chat: ConsoleChat) -> None:
    reply = await chat.say("/llm tokens Hello, world!")
    facts = reply.to_json()
    assert facts["kind"] == "tokens"
    assert facts["tokens"] == [
        {"id": 13225, "text": "Hello"}, {"id": 11, "text": ","},
        {"id": 2375, "text": " world"}, {"id": 0, "text": "!"},
    ]
    assert facts["count"] == 4 and facts["encoding"] == "o200k_base"
    assert "what a GPT-4o-class model would read" in reply.body
    assert isinstance(reply.image, Picture) and "“␣world” 2375" in reply.image.alt
    assert reply.attachment is None
    explain = decode(reply.buttons[0].action_id)
    assert explain == ExplainAction("tokens-and-tokenization", "standard")


async def test_cl100k_and_compare(chat: ConsoleChat) -> None:
    gpt4 = await chat.say("/llm tokens Hello, world! --cl100k")
    assert [t["id"] for t in gpt4.data["tokens"]] == [9906, 11, 1917, 0]
    both = await chat.say("/llm tokens Привет, мир! --compare")
    assert both.data["count"] == 5
    assert [(c["encoding"], c["count"]) for c in both.data["compare"]] == [("cl100k_base", 7)]
    assert "GPT-4 or GPT-3.5 would read **7**" in both.body


async def test_a_long_text_shows_two_hundred_tokens_and_attaches_them_all(
    chat: ConsoleChat,
) -> None:
    text = " ".join(f"w{i}" for i in range(400))
    reply = await chat.say(f"/llm tokens {text}")
    count = reply.data["count"]
    assert count > SHOWN_TOKENS and len(reply.data["tokens"]) == count
    assert reply.body.count("`") == 2 * SHOWN_TOKENS
    assert reply.attachment is not None
    assert reply.attachment.mime == "text/plain"
    listed = reply.attachment.content.decode().splitlines()
    assert listed[0].startswith(f"# o200k_base: {count} tokens")
    assert len(listed) == count + 1


@pytest.mark.parametrize(
    "text",
    ["日本語のテキストです", "مرحبا بالعالم", "👋🏽👨‍👩‍👧 emoji", "e\u0301 a\u0308 marks", "שלום"],
)
async def test_text_in_any_script_tokenizes_and_renders(chat: ConsoleChat, text: str) -> None:
    reply = await chat.say(f"/llm tokens {text}")
    assert reply.kind == "tokens" and reply.data["count"] > 0
    assert isinstance(reply.image, Picture) and reply.image.png.startswith(b"\x89PNG")


async def test_mentions_and_links_are_tokenized_and_marked_as_member_text(
    chat: ConsoleChat,
) -> None:
    reply = await chat.say("/llm tokens @everyone see https://example.com <@123>")
    assert f"{MEMBER_OPEN}everyone{MEMBER_CLOSE}" in reply.body
    assert f"{MEMBER_OPEN}␣https{MEMBER_CLOSE}" in reply.body
    assert [t["text"] for t in reply.data["tokens"]][:2] == ["@", "everyone"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("/llm tokens", "Which text?"),
        ("/llm tokens    --compare", "Which text?"),
        ("/llm sample", "Which prompt?"),
        ("/llm tokens " + "x" * 2001, "Please send at most 2,000 characters"),
        ("/llm sample " + "x " * 1001, "Please send at most 2,000 characters"),
        ("/llm sample the model --temperature 2.5", "between 0 and 2"),
        ("/llm sample the model --top-p 0", "greater than 0 and at most 1"),
        ("/llm sample the model --top-p 1.5", "greater than 0 and at most 1"),
        ("/llm sample the model --top-k -2", "Top-k must be 0"),
        ("/llm sample the model --temprature 1", "Options: --temperature, --top-p, --top-k"),
        ("/llm tokens hi --gpt2", "Options: --cl100k, --compare"),
        ("/llm tokens hi --cl100k --compare", "Pick one: --cl100k or --compare."),
    ],
)
async def test_bad_input_gets_a_clear_private_message(
    chat: ConsoleChat, text: str, message: str
) -> None:
    reply = await chat.say(text)
    assert reply.kind == "usage" and reply.private
    assert message in reply.to_json()["body"]


async def test_the_transformer_at_temperature_zero(chat: ConsoleChat) -> None:
    reply = await chat.say("/llm sample the transformer --temperature 0")
    facts = reply.to_json()
    assert facts["kind"] == "sample"
    first = facts["next_words"][0]["word"]
    continuations = facts["continuations"]
    assert len(continuations) == 3 and len(set(continuations)) == 1
    assert continuations[0].split()[0].startswith(first)
    assert facts["context"] == ["the", "transformer"] and facts["order"] == 3
    assert "not a real LLM" in reply.body
    assert isinstance(reply.image, Picture)


async def test_buttons_rerun_at_other_temperatures_with_the_same_seed(
    chat: ConsoleChat,
) -> None:
    first = await chat.say("/llm sample attention lets the model --top-p 0.9")
    seed = first.data["seed"]
    assert [b.label for b in first.buttons] == [
        "Temperature 0.2", "Temperature 1", "Temperature 1.5", "How sampling works",
    ]
    assert all(len(b.action_id) <= MAX_ACTION_ID for b in first.buttons)
    hot = await chat.say("temperature 1.5")
    assert (hot.data["temperature"], hot.data["top_p"], hot.data["seed"]) == (1.5, 0.9, seed)
    assert hot.data["context"] == first.data["context"]
    again = await chat.press(first.buttons[2].action_id)
    assert again.data["continuations"] == hot.data["continuations"]


async def test_the_seed_makes_a_run_reproducible(chat: ConsoleChat) -> None:
    once = await chat.say("/llm sample a token is --temperature 1.2 --seed 42")
    again = await chat.say("/llm sample a token is --temperature 1.2 --seed 42")
    assert once.data["continuations"] == again.data["continuations"]
    assert "--seed 42" in once.footer


async def test_unknown_words_back_off_and_say_so(chat: ConsoleChat) -> None:
    nothing = await chat.say("/llm sample 日本語 zzzqx")
    assert (nothing.data["order"], nothing.data["context"]) == (1, [])
    assert "unigram" in nothing.body
    button = decode(nothing.buttons[0].action_id)
    assert isinstance(button, SampleAction) and button.context == ()
    rerun = await chat.press(nothing.buttons[0].action_id)
    assert rerun.kind == "sample" and rerun.data["order"] == 1
    one = await chat.say("/llm sample zzzqx transformer")
    assert (one.data["order"], one.data["context"]) == (2, ["transformer"])
    assert "backed off" in one.body


async def test_a_forged_sample_button_is_refused(chat: ConsoleChat) -> None:
    reply = await chat.press("llm:s:the:model:9:1:0:1")
    assert reply.kind == "usage" and "between 0 and 2" in reply.body


async def test_try_it_opens_the_labs_from_their_topics(chat: ConsoleChat) -> None:
    tokens_topic = await chat.say("/llm explain tokens-and-tokenization")
    assert "Try it" in [b.label for b in tokens_topic.buttons]
    tried = await chat.say("try it")
    assert tried.kind == "tokens" and tried.data["count"] > 0
    sampling_topic = await chat.say("/llm explain sampling-and-decoding")
    assert "Try it" in [b.label for b in sampling_topic.buttons]
    sampled = await chat.say("try it")
    assert sampled.kind == "sample" and sampled.data["order"] == 3


async def test_the_console_names_the_picture_and_the_file(chat: ConsoleChat) -> None:
    text = render_text(await chat.say("/llm tokens " + "ab " * 300))
    assert "[picture tokens-" in text and "[attached: tokens.txt," in text


async def test_help_and_topics_mention_the_labs(chat: ConsoleChat) -> None:
    assert "/llm tokens <text>" in (await chat.say("/llm help")).body
    assert "/llm sample <prompt>" in (await chat.say("/llm topics")).body
