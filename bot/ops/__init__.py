"""The ops port: `/healthz`, `/livez` and Prometheus `/metrics` for operators."""

# Only the stdlib readiness registry loads with the package: `bot.ops.server` (aiohttp) and
# `bot.ops.metrics` (prometheus_client, the `ops` extra) load when an ops port is configured.
from bot.ops.readiness import Readiness

__all__ = ["Readiness"]
