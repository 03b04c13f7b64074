"""The Discord adapter: the `/llm` command group, embeds and persistent buttons over the engine."""

from bot.adapters.discord.client import LlmClient, build_client, configure_endpoints
from bot.adapters.discord.render import Rendered, render
from bot.adapters.discord.responder import Responder

__all__ = ["LlmClient", "Rendered", "Responder", "build_client", "configure_endpoints", "render"]
