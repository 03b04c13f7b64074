"""The Slack adapter: `/llm`, Block Kit replies, answer buttons and App Home, via slack-bolt."""

from bot.adapters.slack.blocks import SlackMessage, render
from bot.adapters.slack.service import SlackService, serve

__all__ = ["SlackMessage", "SlackService", "render", "serve"]
