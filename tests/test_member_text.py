"""Text a member typed stays inert in every renderer: no links, mentions or markup built from it."""

from __future__ import annotations

from bot.adapters.console import render_text
from bot.adapters.discord.render import markdown
from bot.adapters.slack.mrkdwn import to_mrkdwn
from bot.engine import Reply, said, unmarked
from bot.engine.clean_text import plain_name

TYPED = "[click](https://evil.example/login) **now** <https://evil.example|verify>"


def test_a_display_name_cannot_form_a_link() -> None:
    name = plain_name("see evil.example or https://evil.example")

    assert "evil.example" not in name and "https://" not in name
    assert name.replace("\u200b", "") == "see evil.example or https://evil.example"


def test_json_and_plain_outputs_drop_the_marks() -> None:
    reply = Reply(kind="declined", title=f"About {said('x')}", body=f"“{said(TYPED)}”")

    assert reply.to_json()["body"] == f"“{TYPED}”"
    assert unmarked(reply.title) == "About x"


def test_slack_shows_member_text_without_links_or_bold() -> None:
    text = to_mrkdwn(f"See [the paper](https://arxiv.org/abs/1706.03762): “{said(TYPED)}”")

    assert "<https://arxiv.org/abs/1706.03762|the paper>" in text  # our own link stays live
    member = text.split("“", 1)[1]
    assert "<http" not in member and "https://" not in member and "*now*" not in member
    assert "&lt;" in member  # the typed angle brackets are shown, escaped


def test_discord_shows_member_text_without_links_or_bold() -> None:
    text = markdown(f"See [the paper](https://arxiv.org/abs/1706.03762): “{said(TYPED)}”")

    assert "[the paper](https://arxiv.org/abs/1706.03762)" in text
    member = text.split("“", 1)[1]
    assert "](https://" not in member and "https://evil" not in member
    assert "**now**" not in member


def test_console_leaves_member_text_unstyled() -> None:
    text = render_text(Reply(kind="declined", title="t", body=f"**ours** {said('**theirs**')}"))

    assert "ours **theirs**" in text


MENTIONS = "@everyone @here <@123> <@!123> <@&456> <#789> <!channel> <!here>"


def test_discord_shows_mentions_in_member_or_model_text_as_typed_but_inert() -> None:
    text = markdown(f"“{said(MENTIONS)}”")

    for mention in ("@everyone", "@here", "<@123>", "<@!123>", "<@&456>", "<#789>"):
        assert mention not in text
    assert text.replace("\u200b", "").replace("\\", "") == f"“{MENTIONS}”"


def test_slack_shows_mentions_in_member_or_model_text_as_typed_but_inert() -> None:
    text = to_mrkdwn(f"“{said(MENTIONS)}”")

    assert "<!channel>" not in text and "<!here>" not in text and "<@123>" not in text
    assert "&lt;!channel&gt;" in text
