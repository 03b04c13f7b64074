"""`llmbot discord invite-url` and `llmbot discord sync`, against the local stand-in."""

from __future__ import annotations

import base64

import pytest

from bot.adapters.discord.sync import sync_commands
from bot.cli import main
from bot.config import ConfigError, Settings
from tests.discord_standin import DiscordStandIn, settings_for

# View Channel, Send Messages, Embed Links, Attach Files, Read Message History.
LEAST_PERMISSIONS = (1 << 10) | (1 << 11) | (1 << 14) | (1 << 15) | (1 << 16)



def test_invite_url_takes_the_application_id_from_the_token(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    first = base64.b64encode(b"1234567890123456789").decode().rstrip("=")
    monkeypatch.setenv("DISCORD_TOKEN", f"{first}.GhIjKl.secret-part")

    assert main(["discord", "invite-url"]) == 0

    out = capsys.readouterr().out.strip()
    assert out == (
        "https://discord.com/oauth2/authorize?client_id=1234567890123456789"
        f"&scope=bot+applications.commands&permissions={LEAST_PERMISSIONS}"
    )
    assert "secret-part" not in out


def test_invite_url_prefers_the_configured_application_id(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "bm90LWEtbnVtYmVy.x.y")
    monkeypatch.setenv("DISCORD_APPLICATION_ID", "42")

    assert main(["discord", "invite-url"]) == 0
    assert "client_id=42&" in capsys.readouterr().out


@pytest.mark.parametrize("token", [None, "bm90LWEtbnVtYmVy.x.y"])
def test_invite_url_without_a_usable_id_explains_what_to_set(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], token: str | None
) -> None:
    if token is not None:
        monkeypatch.setenv("DISCORD_TOKEN", token)

    assert main(["discord", "invite-url"]) == 2
    assert "DISCORD_APPLICATION_ID" in capsys.readouterr().err


async def test_sync_to_a_guild_registers_the_llm_group_there(standin: DiscordStandIn) -> None:
    settings = settings_for(standin).discord

    names = await sync_commands(settings, standin.world.guild_id)

    assert names == ["llm"]
    ((path, commands),) = standin.command_syncs
    assert path.endswith(f"/guilds/{standin.world.guild_id}/commands")
    (group,) = commands
    for command in [group, *group["options"]]:
        assert 1 <= len(command["name"]) <= 32 and 1 <= len(command["description"]) <= 100


async def test_global_sync_and_clear(standin: DiscordStandIn) -> None:
    settings = settings_for(standin).discord

    assert await sync_commands(settings, None) == ["llm"]
    assert await sync_commands(settings, None, clear=True) == []

    (first, first_body), (second, second_body) = standin.command_syncs
    assert first == second == f"applications/{standin.world.app_id}/commands"
    assert [c["name"] for c in first_body] == ["llm"] and second_body == []


async def test_sync_with_a_rejected_token_is_a_configuration_error(
    standin: DiscordStandIn,
) -> None:
    settings = settings_for(standin, DISCORD_TOKEN="MTIz.wrong.token").discord

    with pytest.raises(ConfigError, match="rejected"):
        await sync_commands(settings, None)


def test_sync_without_a_token_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    assert Settings.from_env({}).discord.token is None

    assert main(["discord", "sync"]) == 2
    assert "DISCORD_TOKEN" in capsys.readouterr().err
