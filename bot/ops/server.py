"""The ops HTTP port: `/healthz` for readiness, `/livez` for restarts, `/metrics` for Prometheus."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from aiohttp import web

from bot.ops.readiness import Readiness
from storage import Store

if TYPE_CHECKING:
    from bot.ops.metrics import Metrics

log = logging.getLogger(__name__)

# A probe that waits longer than this is already failing; answer 503 instead of hanging.
STORE_CHECK_SECONDS = 2.0
# Probes and scrapes finish in milliseconds; shutdown must stay inside the 10 s budget.
SHUTDOWN_SECONDS = 1.0
# A workspace id no platform produces (real ones are namespaced `discord:…`, `slack:…`).
_PROBE_WORKSPACE = "health"


class OpsServer:
    """Serves health and metrics on its own port, apart from any platform's HTTP endpoint."""

    def __init__(
        self,
        store: Store,
        readiness: Readiness,
        metrics: Metrics,
        *,
        host: str = "0.0.0.0",
        port: int = 0,
    ) -> None:
        self.store = store
        self.readiness = readiness
        self.metrics = metrics
        self.host = host
        self.requested_port = port
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/healthz", self.healthz)
        app.router.add_get("/livez", self.livez)
        app.router.add_get("/metrics", self.serve_metrics)
        # Probes arrive every few seconds; an access line for each would drown the real logs.
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=SHUTDOWN_SECONDS)
        await runner.setup()
        await web.TCPSite(runner, self.host, self.requested_port).start()
        self._runner = runner
        log.info("ops port listening on %s:%d", self.host, self.port)

    @property
    def port(self) -> int:
        """The bound port (the real one when 0 was requested)."""
        if self._runner is None:
            raise RuntimeError("the ops server is not running")
        address = self._runner.addresses[0]
        return int(address[1])

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def store_answers(self) -> bool:
        """A cheap read through the real store: connections open and the schema in place."""
        try:
            await asyncio.wait_for(
                self.store.top_scores(_PROBE_WORKSPACE, "all", 1), STORE_CHECK_SECONDS
            )
        except Exception as exc:
            log.warning("health check: store unavailable: %s", type(exc).__name__)
            return False
        return True

    async def healthz(self, request: web.Request) -> web.Response:
        store_ok = await self.store_answers()
        adapters = self.readiness.report()
        healthy = store_ok and all(adapters.values())
        return web.json_response(
            {"status": "ok" if healthy else "unavailable", "store": store_ok, "adapters": adapters},
            status=200 if healthy else 503,
        )

    async def livez(self, request: web.Request) -> web.Response:
        """Alive while the event loop answers; never tied to the database or a platform, so an
        outage there marks instances unready instead of restarting all of them."""
        return web.json_response({"status": "ok"})

    async def serve_metrics(self, request: web.Request) -> web.Response:
        body, content_type = self.metrics.exposition(request.headers.get("Accept", ""))
        return web.Response(body=body, headers={"Content-Type": content_type})
