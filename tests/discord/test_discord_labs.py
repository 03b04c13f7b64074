"""Both labs end to end on Discord: slash options in, an embed with its picture out."""

from __future__ import annotations

from tests.discord_standin import DiscordStandIn, Member, RunningBot, Sent

ALICE = Member(101, "Alice", manage_guild=True)
BOB = Member(102, "Bob")


def custom_id(sent: Sent, label: str) -> str:
    return next(c["custom_id"] for c in sent.components if c.get("label") == label)


def picture_of(sent: Sent) -> bytes:
    (embed,) = sent.embeds
    name = embed["image"]["url"].removeprefix("attachment://")
    return next(f.data for f in sent.files if f.filename == name)


async def test_tokens_answers_publicly_with_the_ids_and_the_boxes(
    standin: DiscordStandIn, bot: RunningBot
) -> None:
    sent = await standin.ask(BOB, "tokens", text="Hello, world!")

    assert not sent.ephemeral
    (embed,) = sent.embeds
    assert embed["title"] == "Tokens · o200k_base"
    for token_id in ("13225", "11", "2375", "0"):
        assert f"`{token_id}`" in embed["description"]
    assert "␣world" in embed["description"]
    assert picture_of(sent).startswith(b"\x89PNG")
    # The picture's alt text, as its attachment's description, carries the same facts.
    descriptions = [a.get("description", "") for a in sent.data.get("attachments", [])]
    assert any("“␣world” 2375" in text for text in descriptions)
    assert sent.labels == ["How tokenization works"]


async def test_tokens_compares_both_encodings_on_request(
    standin: DiscordStandIn, bot: RunningBot
) -> None:
    sent = await standin.ask(BOB, "tokens", text="Hello, world!", encoding="compare")

    assert sent.embeds[0]["title"] == "Tokens · o200k_base vs cl100k_base"
    assert "`9906`" in sent.embeds[0]["description"]


async def test_a_long_text_attaches_the_full_token_list(
    standin: DiscordStandIn, bot: RunningBot
) -> None:
    text = " ".join(f"w{i}" for i in range(400))
    sent = await standin.ask(BOB, "tokens", text=text)

    names = [f.filename for f in sent.files]
    assert "tokens.txt" in names and any(n.endswith(".png") for n in names)
    listing = next(f.data for f in sent.files if f.filename == "tokens.txt").decode()
    assert len(listing.splitlines()) > 200


async def test_mentions_in_the_text_are_tokenized_and_ping_nobody(
    standin: DiscordStandIn, bot: RunningBot
) -> None:
    sent = await standin.ask(BOB, "tokens", text="@everyone and <@101> https://example.com")

    assert sent.allowed_mentions == {"parse": []}
    assert "everyone" in sent.text and "<@101>" not in sent.text


async def test_sample_at_temperature_zero_then_a_hotter_rerun(
    standin: DiscordStandIn, bot: RunningBot
) -> None:
    sent = await standin.ask(ALICE, "sample", prompt="the transformer", temperature=0.0)

    assert not sent.ephemeral
    description = sent.embeds[0]["description"]
    assert "not a real LLM" in description
    lines = [line for line in description.splitlines() if line.startswith("- the transformer")]
    assert len(lines) == 3 and len(set(lines)) == 1
    assert picture_of(sent).startswith(b"\x89PNG")
    assert sent.labels[:3] == ["Temperature 0.2", "Temperature 1", "Temperature 1.5"]
    assert sent.message_id is not None

    hotter = await standin.answer_to(
        await standin.click(BOB, sent.message_id, custom_id(sent, "Temperature 1.5"))
    )
    assert not hotter.ephemeral
    assert "temperature 1.5" in hotter.embeds[0]["description"]
    assert picture_of(hotter).startswith(b"\x89PNG")


async def test_sample_options_out_of_range_get_a_private_message(
    standin: DiscordStandIn, bot: RunningBot
) -> None:
    sent = await standin.ask(BOB, "sample", prompt="the model", top_p=0.0, seed=7)

    assert sent.ephemeral
    assert "greater than 0 and at most 1" in sent.text
