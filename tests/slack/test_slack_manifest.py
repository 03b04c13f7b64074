"""The Slack app manifest asks for what the adapter uses, and no more."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

import bot.adapters.slack as adapter

MANIFEST = Path(__file__).resolve().parents[2] / "deploy" / "slack-app-manifest.yaml"
# The bot-token scopes each Web API method the adapter calls needs.
SCOPES_OF = {
    "chat_postMessage": {"chat:write"},
    "chat_postEphemeral": {"chat:write"},
    "chat_update": {"chat:write"},
    "conversations_info": {"channels:read", "groups:read"},
    "conversations_open": {"im:write"},
    "files_upload_v2": {"files:write"},
    "usergroups_users_list": {"usergroups:read"},
    "users_info": {"users:read"},
}


def manifest() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(MANIFEST.read_text())
    return loaded


def test_manifest_declares_command_home_tab_interactivity_and_socket_mode() -> None:
    app = manifest()
    (command,) = app["features"]["slash_commands"]
    assert command["command"] == "/llm"
    # Escaped, a user-group mention arrives as `<!subteam^S…|@name>`, which `team link` and
    # `settings admin-roles` read; unescaped it would be plain `@name` text.
    assert command["should_escape"] is True
    assert app["features"]["app_home"]["home_tab_enabled"] is True
    assert app["settings"]["interactivity"]["is_enabled"] is True
    assert app["settings"]["event_subscriptions"]["bot_events"] == ["app_home_opened"]
    assert app["settings"]["socket_mode_enabled"] is True


def test_usage_hint_names_the_labs() -> None:
    (command,) = manifest()["features"]["slash_commands"]
    assert "tokens " in command["usage_hint"] and "sample " in command["usage_hint"]


def test_manifest_scopes_are_exactly_those_the_adapter_uses() -> None:
    source = "\n".join(path.read_text() for path in Path(adapter.__file__).parent.glob("*.py"))
    called = set(re.findall(r"client\.(\w+)\(", source)) - {"auth_test", "views_publish"}
    assert called == set(SCOPES_OF)
    needed = {scope for method in called for scope in SCOPES_OF[method]} | {"commands"}
    assert set(manifest()["oauth_config"]["scopes"]["bot"]) == needed
