"""Runs llmbot on Slack in Socket Mode or HTTP mode, sharing the process's event loop."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.delivery import Delivery
from bot.adapters.slack.files import FigureHost
from bot.adapters.slack.groups import UserGroups
from bot.adapters.slack.handlers import SlackHandlers
from bot.adapters.slack.home import HomeTab
from bot.adapters.slack.inflight import Inflight
from bot.adapters.slack.people import PLATFORM, People
from bot.adapters.slack.poster import SlackPoster
from bot.app import App
from bot.config import ConfigError

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
DEFAULT_API_BASE_URL = "https://slack.com/api/"
# SIGTERM must end the process within 10 s: unfinished replies get 4, closing the rest.
DRAIN_SECONDS = 4.0
CLOSE_SECONDS = 1.5


def retry_handlers() -> list[AsyncRetryHandler]:
    """slack_sdk retries only connection errors by default; a 429 must wait and retry too."""
    return [AsyncConnectionErrorRetryHandler(), AsyncRateLimitErrorRetryHandler(max_retry_count=2)]


class SlackService:
    """One workspace per bot token. Socket Mode when an app token is set, else HTTP mode."""

    def __init__(self, app: App, *, host: str = "0.0.0.0", port: int | None = None) -> None:
        settings = app.settings.slack
        if not settings.bot_token:
            raise ConfigError("SLACK_BOT_TOKEN is required to run on Slack")
        if not settings.app_token and not settings.signing_secret:
            raise ConfigError(
                "HTTP mode needs SLACK_SIGNING_SECRET (or set SLACK_APP_TOKEN for Socket Mode)"
            )
        self.app = app
        self.settings = settings
        self.socket_mode = bool(settings.app_token)
        self.host = host
        self.port = settings.port if port is None else port
        self.inflight = Inflight()
        self._session: aiohttp.ClientSession | None = None
        self._runner: web.AppRunner | None = None
        self._socket: AsyncSocketModeHandler | None = None
        self.bolt: AsyncApp | None = None
        self._figures: FigureHost | None = None

    def _build(self, session: aiohttp.ClientSession) -> AsyncApp:
        settings = self.settings
        assert settings.bot_token is not None
        handlers = retry_handlers()
        client = AsyncWebClient(
            token=settings.bot_token.reveal(),
            base_url=settings.api_base_url or DEFAULT_API_BASE_URL,
            session=session,
            retry_handlers=handlers,
            logger=logging.getLogger("slack_sdk.web"),
        )
        engine = self.app.engine
        figures = FigureHost(client, engine.clock, self.app.settings.public_base_url)
        # Replies and the channel poster share uploads: a recap's chart is uploaded once.
        self._figures = figures
        bolt = AsyncApp(
            name="llmbot",
            client=client,
            signing_secret=settings.signing_secret.reveal() if settings.signing_secret else "",
            request_verification_enabled=not self.socket_mode,
            logger=logging.getLogger("slack_bolt"),
        )
        groups = UserGroups(client, engine.clock, engine.roles_in_use)
        SlackHandlers(
            engine=engine,
            people=People(client, engine.clock, settings.admin_users, groups),
            delivery=Delivery(client, figures, session, handlers),
            home=HomeTab(engine, client, engine.clock),
            inflight=self.inflight,
            on_error=engine.observer.error,
        ).register(bolt)
        return bolt

    def ready(self) -> bool:
        """For `/healthz`: HTTP mode is listening, or the Socket Mode session is open."""
        if self._runner is not None:
            return bool(self._runner.addresses)
        session = self._socket.client.current_session if self._socket is not None else None
        return session is not None and not session.closed

    async def start(self) -> None:
        """Listen, then check the bot token with `auth.test`, so a bad token stops start-up;
        only then may the engine's scheduler post daily questions here."""
        self.app.readiness.register(PLATFORM, self.ready)
        self._session = aiohttp.ClientSession()
        try:
            self.bolt = self._build(self._session)
            if self.socket_mode:
                await self._start_socket_mode(self.bolt)
            else:
                await self._start_http(self.bolt)
            who = await self.bolt.client.auth_test()
            log.info("Slack: signed in to %s as %s", who.get("team"), who.get("user"))
            assert self._figures is not None
            poster = SlackPoster(self.bolt.client, str(who.get("team_id") or ""), self._figures)
            self.app.engine.posters.register(PLATFORM, poster)
        except BaseException:
            await self.stop()
            raise

    async def _start_socket_mode(self, bolt: AsyncApp) -> None:
        assert self.settings.app_token is not None
        self._socket = AsyncSocketModeHandler(bolt, self.settings.app_token.reveal())
        await self._socket.connect_async()  # type: ignore[no-untyped-call]
        log.info("Slack: Socket Mode connected")

    async def _start_http(self, bolt: AsyncApp) -> None:
        async def events(request: web.Request) -> web.Response:
            response = await bolt.async_dispatch(await to_bolt_request(request))
            return await to_aiohttp_response(response)

        web_app = web.Application()
        web_app.router.add_post(EVENTS_PATH, events)
        self._runner = web.AppRunner(web_app, shutdown_timeout=CLOSE_SECONDS, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = self._runner.addresses[0][1]
        log.info("Slack: HTTP mode listening on %s:%s%s", self.host, self.port, EVENTS_PATH)

    async def stop(self) -> None:
        """Stop taking requests and posts, let started replies finish, then close every
        connection."""
        self.app.engine.posters.unregister(PLATFORM)
        runner, self._runner = self._runner, None
        if runner is not None:
            await _bounded(runner.cleanup(), CLOSE_SECONDS * 2)
        socket, self._socket = self._socket, None
        if socket is not None:
            await _bounded(socket.close_async(), CLOSE_SECONDS)  # type: ignore[no-untyped-call]
        if not await self.inflight.wait_idle(DRAIN_SECONDS):
            log.warning("Slack: %d replies still running at shutdown", self.inflight.count)
        session, self._session = self._session, None
        if session is not None:
            await _bounded(session.close(), CLOSE_SECONDS)


async def _bounded(step: Coroutine[Any, Any, Any], seconds: float) -> None:
    try:
        await asyncio.wait_for(step, seconds)
    except TimeoutError:
        log.warning("Slack: a shutdown step took longer than %.1f s; moving on", seconds)


async def serve(app: App, stopping: asyncio.Event) -> None:
    """Run until `stopping` is set, then shut down cleanly and return."""
    service = SlackService(app)
    # Start-up can wait on Slack (Socket Mode retries its connection), and SIGTERM
    # must still stop the process promptly.
    starting = asyncio.ensure_future(service.start())
    stop_waiter = asyncio.ensure_future(stopping.wait())
    try:
        await asyncio.wait({starting, stop_waiter}, return_when=asyncio.FIRST_COMPLETED)
        if starting.done():
            starting.result()
            await stop_waiter
    finally:
        starting.cancel()
        stop_waiter.cancel()
        await asyncio.gather(starting, stop_waiter, return_exceptions=True)
        await service.stop()
