"""The ops port over real HTTP: health follows the store and adapters, metrics the engine."""

from __future__ import annotations

import asyncio
import gc
import socket
import sys
import types
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot import runner
from bot.adapters.console import ConsoleChat
from bot.app import App, settle_heap
from bot.config import Settings
from bot.engine import Actor, Engine
from bot.knowledge import KnowledgeBase
from bot.ops import Readiness
from bot.ops.metrics import Metrics
from bot.ops.server import OpsServer
from bot.runner import ops_server
from storage.sqlite import SqliteStore
from tests.support import ManualClock


@pytest.fixture
def metrics() -> Metrics:
    return Metrics()


@pytest.fixture
async def store(tmp_path: Path, metrics: Metrics) -> AsyncIterator[SqliteStore]:
    store = SqliteStore(tmp_path / "ops.db", on_batch=metrics.batch_committed)
    await store.start()
    yield store
    await store.close()


@pytest.fixture
async def server(store: SqliteStore, metrics: Metrics) -> AsyncIterator[OpsServer]:
    server = OpsServer(store, Readiness(), metrics, host="127.0.0.1", port=0)
    await server.start()
    yield server
    await server.close()


@pytest.fixture
def chat(kb: KnowledgeBase, store: SqliteStore, metrics: Metrics, actor: Actor) -> ConsoleChat:
    engine = Engine(kb, store, clock=ManualClock(), seed=7, observer=metrics)
    return ConsoleChat(engine, actor)


async def get(port: int, path: str, **headers: str) -> tuple[int, str, Any]:
    """Status, content type and body (parsed JSON where the server sent JSON)."""
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{port}{path}", headers=headers) as response,
    ):
        text = await response.text()
        if response.content_type == "application/json":
            return response.status, response.content_type, await response.json()
        return response.status, response.headers["Content-Type"], text


Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def samples(text: str) -> Samples:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def sample(found: Samples, name: str, **labels: str) -> float:
    return found.get((name, frozenset(labels.items())), 0.0)


async def test_healthz_is_ok_while_the_store_answers(server: OpsServer) -> None:
    status, _, body = await get(server.port, "/healthz")
    assert status == 200
    assert body == {"status": "ok", "store": True, "adapters": {}}


async def test_healthz_is_unavailable_once_the_store_is_closed(
    server: OpsServer, store: SqliteStore
) -> None:
    await store.close()
    status, _, body = await get(server.port, "/healthz")
    assert status == 503
    assert body["status"] == "unavailable"
    assert body["store"] is False


async def test_livez_stays_ok_when_the_store_is_closed(
    server: OpsServer, store: SqliteStore
) -> None:
    await store.close()
    status, _, body = await get(server.port, "/livez")
    assert (status, body) == (200, {"status": "ok"})


async def test_healthz_is_unavailable_while_an_adapter_is_disconnected(
    server: OpsServer,
) -> None:
    connected = {"slack": True, "discord": False}
    server.readiness.register("slack", lambda: connected["slack"])
    server.readiness.register("discord", lambda: connected["discord"])
    status, _, body = await get(server.port, "/healthz")
    assert status == 503
    assert body == {"status": "unavailable", "store": True, "adapters": connected}
    connected["discord"] = True
    status, _, body = await get(server.port, "/healthz")
    assert status == 200
    assert body["adapters"] == {"slack": True, "discord": True}


async def test_a_readiness_check_that_raises_counts_as_not_ready(server: OpsServer) -> None:
    def broken() -> bool:
        raise ConnectionError("gateway gone")

    server.readiness.register("discord", broken)
    status, _, body = await get(server.port, "/healthz")
    assert status == 503
    assert body["adapters"] == {"discord": False}


async def test_metrics_count_commands_by_kind_and_platform_and_answer_batches(
    server: OpsServer, chat: ConsoleChat
) -> None:
    await chat.say("/llm explain attention")
    await chat.say("deeper")
    quiz = await chat.say("/llm quiz tokens")
    assert quiz.kind == "quiz"
    assert (await chat.say("1")).data["already_answered"] is False
    await chat.as_user("bob").press(quiz.buttons[0].action_id)
    await chat.say("/llm leaderboard")
    await chat.say("/llm frobnicate")

    status, content_type, text = await get(server.port, "/metrics")
    assert status == 200
    assert content_type.startswith("text/plain")
    found = samples(text)
    console = {"platform": "console"}
    assert sample(found, "llmbot_commands_total", kind="explain", **console) == 2
    assert sample(found, "llmbot_commands_total", kind="quiz", **console) == 1
    assert sample(found, "llmbot_commands_total", kind="answer", **console) == 2
    assert sample(found, "llmbot_commands_total", kind="leaderboard", **console) == 1
    assert sample(found, "llmbot_commands_total", kind="invalid", **console) == 1
    assert sample(found, "llmbot_command_duration_seconds_count", kind="quiz") == 1
    assert sample(found, "llmbot_answer_latency_seconds_count") == 2
    assert sample(found, "llmbot_store_batch_size_sum") == 2
    assert sample(found, "llmbot_store_batch_size_count") >= 1
    assert sample(found, "llmbot_store_batch_size_bucket", le="+Inf") >= 1
    assert sample(found, "llmbot_errors_total", where="engine") == 0


async def test_an_unexpected_engine_failure_is_counted_and_still_raised(
    server: OpsServer, chat: ConsoleChat, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(chat.engine.standings, "leaderboard", broken)
    with pytest.raises(RuntimeError):
        await chat.say("/llm leaderboard")
    found = samples((await get(server.port, "/metrics"))[2])
    assert sample(found, "llmbot_errors_total", where="engine") == 1
    assert sample(found, "llmbot_commands_total", kind="leaderboard", platform="console") == 1


async def test_metrics_speak_openmetrics_when_the_scraper_asks(server: OpsServer) -> None:
    status, content_type, text = await get(
        server.port, "/metrics", Accept="application/openmetrics-text; version=1.0.0"
    )
    assert status == 200
    assert content_type.startswith("application/openmetrics-text")
    assert text.rstrip().endswith("# EOF")


async def test_two_metric_sets_in_one_process_count_separately(chat: ConsoleChat) -> None:
    other = Metrics()
    await chat.say("/llm topics")
    labels = {"kind": "topics", "platform": "console"}
    assert isinstance(chat.engine.observer, Metrics)
    assert chat.engine.observer.registry.get_sample_value("llmbot_commands_total", labels) == 1
    assert other.registry.get_sample_value("llmbot_commands_total", labels) is None


async def test_app_serves_ops_port_only_when_configured(
    tmp_path: Path, kb: KnowledgeBase, actor: Actor
) -> None:
    database = f"sqlite:///{tmp_path / 'app.db'}"
    async with App(Settings(database_url=database), kb=kb) as app, ops_server(app) as none:
        assert none is None
        assert app.metrics is None

    configured = Settings(database_url=database, ops_port=0, ops_host="127.0.0.1")
    async with App(configured, kb=kb) as app, ops_server(app) as server:
        assert server is not None
        chat = ConsoleChat(app.engine, actor)
        await chat.say("/llm quiz tokens")
        assert (await chat.say("1")).data["already_answered"] is False
        status, _, body = await get(server.port, "/healthz")
        assert (status, body["store"]) == (200, True)
        found = samples((await get(server.port, "/metrics"))[2])
        assert sample(found, "llmbot_store_batch_size_count") == 1


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_run_serves_ops_port_beside_the_platforms(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LLMBOT_CACHE_DIR", str(tmp_path / "cache"))
    port = free_port()
    seen: dict[str, Any] = {}

    settled: list[str] = []
    # The real one freezes the test process's heap; the bot must settle before it serves.
    monkeypatch.setattr(runner, "settle_heap", lambda: settled.append("settled"))

    async def serve(app: App, stopping: asyncio.Event) -> None:
        app.readiness.register("fake", lambda: True)
        seen["settled_before_serving"] = list(settled)
        seen["healthz"] = await get(port, "/healthz")
        stopping.set()

    platform = types.ModuleType("fake_platform_service")
    platform.serve = serve  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, platform.__name__, platform)
    monkeypatch.setitem(runner.SERVICES, "fake", platform.__name__)
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'run.db'}", ops_port=port, ops_host="127.0.0.1"
    )
    await asyncio.wait_for(runner.run_platforms(settings, ["fake"]), timeout=10)
    assert seen["settled_before_serving"] == ["settled"]
    status, _, body = seen["healthz"]
    assert status == 200
    assert body["adapters"] == {"fake": True}
    with pytest.raises(aiohttp.ClientConnectionError):
        await get(port, "/livez")


def test_ops_port_and_host_come_from_the_environment() -> None:
    settings = Settings.from_env({"LLMBOT_OPS_PORT": "9100", "LLMBOT_OPS_HOST": "127.0.0.1"})
    assert (settings.ops_port, settings.ops_host) == (9100, "127.0.0.1")
    default = Settings.from_env({})
    assert (default.ops_port, default.ops_host) == (None, "0.0.0.0")


async def test_metrics_show_how_late_scheduled_daily_posts_went_out(
    server: OpsServer, metrics: Metrics
) -> None:
    metrics.daily_post_delay("discord", 3.0)
    metrics.daily_post_delay("discord", 45.0)
    _, _, text = await get(server.port, "/metrics")
    found = samples(text)
    delay = "llmbot_daily_post_delay_seconds"
    assert sample(found, f"{delay}_count", platform="discord") == 2
    assert sample(found, f"{delay}_bucket", platform="discord", le="5.0") == 1
    assert sample(found, f"{delay}_bucket", platform="discord", le="60.0") == 2


def test_settling_the_heap_freezes_what_start_built() -> None:
    assert gc.get_freeze_count() == 0
    try:
        settle_heap()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
