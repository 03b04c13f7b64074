"""How many requests per second llmbot's own daily work may send to each platform.

A platform's limit belongs to the bot token, not to a process: every instance sharing
the token paces at its share (the budget divided by the live instances). The defaults
follow the published limits (see shared LIMITS.md):

- Discord allows 50 requests/s per bot across all REST calls. Daily posts, reveals and
  warnings get 40 of them, so replies to members' commands (follow-ups, edits) always
  find room. discord.py still honours the per-route buckets from the response headers.
- Slack's `chat.postMessage` allows about one message per second per channel plus an
  unpublished workspace-wide limit; other methods are tiered per workspace (Tier 4:
  100+/min). Daily work gets 1.5 requests/s per workspace, a little under the Tier 4
  floor, and one per second per channel.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

DISCORD_GLOBAL_PER_S = 50.0
DISCORD_DAILY_PER_S = 40.0
SLACK_WORKSPACE_DAILY_PER_S = 1.5
SLACK_CHANNEL_PER_S = 1.0


@dataclass(frozen=True, slots=True)
class Budget:
    """Requests per second for one platform's daily work; None means "not limited here".

    `per_token` and `per_workspace` are shared by all live instances; `per_channel` is
    not, because one channel's daily work is claimed by one instance at a time.
    """

    per_token: float | None = None
    per_workspace: float | None = None
    per_channel: float | None = None

    def __post_init__(self) -> None:
        for rate in (self.per_token, self.per_workspace, self.per_channel):
            if rate is not None and rate <= 0:
                raise ValueError("a rate must be positive (or None for no limit)")


def default_budgets(
    discord_per_s: float = DISCORD_DAILY_PER_S,
    slack_workspace_per_s: float = SLACK_WORKSPACE_DAILY_PER_S,
) -> Mapping[str, Budget]:
    """The budgets of the platforms llmbot posts to on its own (the console is not paced)."""
    if discord_per_s >= DISCORD_GLOBAL_PER_S:
        raise ValueError(
            f"Discord's daily budget must stay under its global {DISCORD_GLOBAL_PER_S:g}"
            " requests/s, leaving room for replies to commands"
        )
    return {
        "discord": Budget(per_token=discord_per_s),
        "slack": Budget(per_workspace=slack_workspace_per_s, per_channel=SLACK_CHANNEL_PER_S),
    }
