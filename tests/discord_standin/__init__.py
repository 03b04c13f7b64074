"""A local Discord (REST and gateway) that a real discord.py client logs in to, in tests."""

from tests.discord_standin.harness import RunningBot, restored_endpoints, running_bot, settings_for
from tests.discord_standin.payloads import Member
from tests.discord_standin.records import Sent
from tests.discord_standin.server import DiscordStandIn

__all__ = [
    "DiscordStandIn",
    "Member",
    "RunningBot",
    "Sent",
    "restored_endpoints",
    "running_bot",
    "settings_for",
]
