"""The container image: how it is built, who it runs as, and that its health check works."""

from __future__ import annotations

import asyncio
import json
import re
import sys
import tomllib
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.ops import Readiness
from bot.ops.metrics import Metrics
from bot.ops.server import OpsServer
from storage.sqlite import SqliteStore
from tests.deploy.deploy_files import (
    DEPLOY,
    ROOT,
    assert_runs_llmbot,
    config_map,
    containers,
    extras_in,
    instructions,
    of_kind,
    readme_section,
)


def test_dockerfile_builds_a_wheel_then_installs_it_on_slim_python() -> None:
    stages = instructions("FROM")
    assert len(stages) == 2
    assert stages[0] == "python:3.11-slim AS build"
    assert stages[1].split()[0] == "python:3.11-slim"
    runs = instructions("RUN")
    assert any("pip wheel" in run for run in runs)
    assert any("pip install --no-index" in run and "from=build" in run for run in runs)


def test_dockerfile_installs_the_extras_the_readme_tells_operators_to_install() -> None:
    image = extras_in("\n".join(instructions("RUN")))
    readme = extras_in(readme_section())
    assert image and readme
    assert set(image) == set(readme) == {frozenset({"postgres", "ops", "llm"})}
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert image[0] <= declared["project"]["optional-dependencies"].keys()


def test_dockerfile_copies_every_package_the_wheel_needs() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    setuptools = project["tool"]["setuptools"]
    package_dirs = setuptools.get("package-dir", {})
    needed = {"pyproject.toml", project["project"]["readme"]}
    for package in setuptools["packages"]:
        top = package.split(".")[0]
        needed.add(package_dirs.get(top, top))
    copied = {source.rstrip("/") for args in instructions("COPY") for source in args.split()[:-1]}
    assert needed <= copied
    assert all((ROOT / source).exists() for source in copied if not source.startswith("--"))
    ignore = (DEPLOY / "Dockerfile.dockerignore").read_text("utf-8").splitlines()
    kept = {line[1:].rstrip("/") for line in ignore if line.startswith("!")}
    assert needed <= kept


def test_dockerfile_runs_as_a_numeric_non_root_user() -> None:
    (user,) = instructions("USER")
    uid = user.split(":")[0]
    assert uid.isdigit() and int(uid) != 0
    for deployment in of_kind("Deployment"):
        pod = deployment["spec"]["template"]["spec"]["securityContext"]
        assert pod["runAsNonRoot"] is True
        assert pod["runAsUser"] == int(uid)


def test_dockerfile_stops_on_sigterm_and_runs_llmbot() -> None:
    assert instructions("STOPSIGNAL") == ["SIGTERM"]
    (cmd,) = instructions("CMD")
    assert_runs_llmbot(json.loads(cmd), set())


def test_dockerfile_ops_port_is_exposed_and_matches_kubernetes() -> None:
    env = " ".join(instructions("ENV"))
    ops_port = re.search(r"LLMBOT_OPS_PORT=(\d+)", env)
    slack_port = re.search(r"\bPORT=(\d+)", env.replace("OPS_PORT", ""))
    assert ops_port and slack_port
    exposed = {p for args in instructions("EXPOSE") for p in args.split()}
    assert {ops_port[1], slack_port[1]} <= exposed
    assert config_map()["LLMBOT_OPS_PORT"] == ops_port[1]


def healthcheck_argv() -> list[str]:
    (check,) = instructions("HEALTHCHECK")
    assert "--interval=" in check and "--timeout=" in check
    argv: list[str] = json.loads(check.split(" CMD ", 1)[1])
    assert argv[0] == "python", "python:3.11-slim has no curl"
    return [sys.executable, *argv[1:]]


@pytest.fixture
async def live_ops(tmp_path: Path) -> AsyncIterator[tuple[OpsServer, SqliteStore]]:
    store = SqliteStore(tmp_path / "deploy.db")
    await store.start()
    server = OpsServer(store, Readiness(), Metrics(), host="127.0.0.1", port=0)
    await server.start()
    yield server, store
    await server.close()
    await store.close()


async def run_healthcheck(port: int) -> int:
    argv = healthcheck_argv()
    process = await asyncio.create_subprocess_exec(
        *argv,
        env={"LLMBOT_OPS_PORT": str(port)},
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    return await asyncio.wait_for(process.wait(), timeout=20)


async def test_dockerfile_healthcheck_passes_when_healthy_and_fails_when_the_store_is_gone(
    live_ops: tuple[OpsServer, SqliteStore],
) -> None:
    server, store = live_ops
    assert await run_healthcheck(server.port) == 0
    await store.close()
    assert await run_healthcheck(server.port) != 0


async def test_every_probe_path_is_served_by_the_ops_server(
    live_ops: tuple[OpsServer, SqliteStore],
) -> None:
    server, _ = live_ops
    paths = {
        container[probe]["httpGet"]["path"]
        for deployment in of_kind("Deployment")
        for container in containers(deployment)
        for probe in ("startupProbe", "livenessProbe", "readinessProbe")
        if probe in container
    }
    assert paths == {"/healthz", "/livez"}
    async with aiohttp.ClientSession() as session:
        for path in paths:
            async with session.get(f"http://127.0.0.1:{server.port}{path}") as response:
                assert response.status == 200, path
