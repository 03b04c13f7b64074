"""A local Discord (REST and gateway) that a real discord.py client logs in to, in tests."""

from tests.discord_standin.channels import MISSING_ACCESS, UNKNOWN_CHANNEL, Refusal
from tests.discord_standin.harness import (
    RunningBot,
    restored_endpoints,
    right_and_wrong,
    running_bot,
    settings_for,
    workspace_key,
)
from tests.discord_standin.payloads import Attached, Member, Role
from tests.discord_standin.records import Sent
from tests.discord_standin.server import DiscordStandIn

__all__ = [
    "MISSING_ACCESS",
    "UNKNOWN_CHANNEL",
    "Attached",
    "DiscordStandIn",
    "Member",
    "Refusal",
    "Role",
    "RunningBot",
    "Sent",
    "restored_endpoints",
    "right_and_wrong",
    "running_bot",
    "settings_for",
    "workspace_key",
]
