"""The deploy files agree with the code and with each other, as far as this machine can check."""

from __future__ import annotations

import asyncio
import json
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import yaml

from bot.cli import build_parser
from bot.ops import Readiness
from bot.ops.metrics import Metrics
from bot.ops.server import OpsServer
from bot.runner import SERVICES
from storage.sqlite import SqliteStore

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"
SECRET_NAME = "llmbot-secrets"
MIN_GRACE_SECONDS = 15


# --- shared readers ---------------------------------------------------------------------


def dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    joined: list[str] = []
    pending = ""
    for raw in (DEPLOY / "Dockerfile").read_text("utf-8").splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        joined.append(pending + line)
        pending = ""
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in joined]


def instructions(name: str) -> list[str]:
    return [args for instruction, args in dockerfile() if instruction == name]


def known_settings() -> set[str]:
    """Every environment variable llmbot reads: the upper-case names quoted in its source."""
    names: set[str] = set()
    for path in [*(ROOT / "bot").rglob("*.py"), *(ROOT / "storage").rglob("*.py")]:
        names |= set(re.findall(r'"([A-Z][A-Z0-9]*_[A-Z0-9_]+|PORT)"', path.read_text("utf-8")))
    return names


def extras_in(text: str) -> list[frozenset[str]]:
    """The extras of every `pip install/wheel` of llmbot (by name or from a checkout)."""
    found = []
    for command in re.findall(r"pip (?:install|wheel)[^\n]*", text):
        for extras in re.findall(r"""(?:llmbot|\.|/)\[([a-z,\s]+)\]""", command):
            found.append(frozenset(e.strip() for e in extras.split(",")))
    return found


def readme_section() -> str:
    text = (ROOT / "README.md").read_text("utf-8")
    start = text.index("## Deploying and operating llmbot")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def compose(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((DEPLOY / name).read_text("utf-8"))
    return loaded


def llmbot_services(name: str) -> dict[str, dict[str, Any]]:
    return {
        key: service
        for key, service in compose(name)["services"].items()
        if service.get("image", "").startswith("llmbot:")
    }


def manifests() -> list[dict[str, Any]]:
    return [
        doc
        for path in sorted(K8S.glob("*.yaml"))
        for doc in yaml.safe_load_all(path.read_text("utf-8"))
        if doc
    ]


def of_kind(kind: str) -> list[dict[str, Any]]:
    return [doc for doc in manifests() if doc["kind"] == kind]


def containers(deployment: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = deployment["spec"]["template"]["spec"]["containers"]
    return found


def plain_env(container: dict[str, Any]) -> dict[str, str]:
    return {e["name"]: e["value"] for e in container.get("env", []) if "value" in e}


def config_map() -> dict[str, str]:
    (config,) = of_kind("ConfigMap")
    data: dict[str, str] = config["data"]
    return data


def container_port(container: dict[str, Any], name: str) -> int:
    ports = {p["name"]: p["containerPort"] for p in container.get("ports", [])}
    assert name in ports, f"{container['name']} has no port named {name!r}"
    return int(ports[name])


def seconds(duration: str | int) -> int:
    if isinstance(duration, int):
        return duration
    match = re.fullmatch(r"(\d+)s", duration)
    assert match, duration
    return int(match[1])


def systemd_unit() -> dict[str, list[tuple[str, str]]]:
    """Sections to (key, value) lists; systemd allows repeated keys, configparser does not."""
    sections: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] = []
    for raw in (DEPLOY / "systemd" / "llmbot.service").read_text("utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), [])
            continue
        key, _, value = line.partition("=")
        current.append((key.strip(), value.strip()))
    return sections


def unit_value(section: str, key: str) -> str:
    values = [v for k, v in systemd_unit()[section] if k == key]
    assert values, f"[{section}] has no {key}="
    return values[-1]


def assert_runs_llmbot(argv: list[str], platforms: set[str]) -> None:
    assert argv[:2] == ["llmbot", "run"]
    args = build_parser().parse_args(argv[1:])
    assert set(args.platforms) == platforms
    assert set(args.platforms) <= SERVICES.keys()


# --- Dockerfile ---------------------------------------------------------------------------


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
    assert set(image) == set(readme) == {frozenset({"postgres", "ops"})}
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


# --- compose ------------------------------------------------------------------------------

COMPOSE_FILES = ["compose.yaml", "compose.sqlite.yaml"]


@pytest.mark.parametrize("name", COMPOSE_FILES)
def test_compose_services_build_the_image_and_read_tokens_from_the_env_file(name: str) -> None:
    services = llmbot_services(name)
    assert services
    (image,) = {service["image"] for service in services.values()}
    assert {c["image"] for d in of_kind("Deployment") for c in containers(d)} == {image}
    example = DEPLOY / "llmbot.env.example"
    for service in services.values():
        build = service["build"]
        assert (DEPLOY / build["context"] / build["dockerfile"]).resolve() == DEPLOY / "Dockerfile"
        (env_file,) = service["env_file"]
        assert env_file["path"] == "llmbot.env" and example.is_file()
        assert service["stop_signal"] == "SIGTERM"
        assert seconds(service["stop_grace_period"]) >= MIN_GRACE_SECONDS
        assert str(service["environment"]["LLMBOT_OPS_PORT"]) == config_map()["LLMBOT_OPS_PORT"]


@pytest.mark.parametrize("name", COMPOSE_FILES)
def test_compose_and_env_example_set_only_variables_llmbot_reads(name: str) -> None:
    known = known_settings()
    for service in llmbot_services(name).values():
        assert set(service["environment"]) <= known
    example = (DEPLOY / "llmbot.env.example").read_text("utf-8").splitlines()
    names = {line.split("=", 1)[0] for line in example if line and not line.startswith("#")}
    assert names and names <= known
    assert not any(line.split("=", 1)[1] for line in example if "TOKEN=" in line), "no tokens"


def test_compose_runs_discord_and_slack_on_a_healthy_postgres() -> None:
    spec = compose("compose.yaml")
    postgres = spec["services"]["postgres"]
    assert postgres["image"].startswith("postgres:")
    assert "CMD-SHELL" in postgres["healthcheck"]["test"]
    (volume,) = postgres["volumes"]
    assert volume.split(":")[0] in spec["volumes"]
    services = llmbot_services("compose.yaml")
    assert set(services) == {"discord", "slack"}
    for name, service in services.items():
        assert_runs_llmbot(service["command"], {name})
        assert service["depends_on"]["postgres"]["condition"] == "service_healthy"
        url = service["environment"]["LLMBOT_DATABASE_URL"]
        assert url.startswith("postgresql://") and "@postgres:5432/" in url


def test_compose_slack_publishes_its_http_port() -> None:
    slack = llmbot_services("compose.yaml")["slack"]
    port = slack["environment"]["PORT"]
    assert f"{port}:{port}" in slack["ports"]


def test_compose_sqlite_keeps_the_database_on_a_volume() -> None:
    spec = compose("compose.sqlite.yaml")
    (service,) = llmbot_services("compose.sqlite.yaml").values()
    assert_runs_llmbot(service["command"], set())
    url = service["environment"]["LLMBOT_DATABASE_URL"]
    assert url.startswith("sqlite:////")
    database_dir = str(Path(url.removeprefix("sqlite:///")).parent)
    volumes = {v.split(":")[1]: v.split(":")[0] for v in service["volumes"]}
    assert volumes[database_dir] in spec["volumes"]


# --- Kubernetes ---------------------------------------------------------------------------


def test_every_manifest_names_its_kind_and_namespace() -> None:
    docs = manifests()
    assert docs
    (namespace,) = of_kind("Namespace")
    for doc in docs:
        assert doc["apiVersion"] and doc["kind"] and doc["metadata"]["name"]
        if doc["kind"] != "Namespace":
            assert doc["metadata"]["namespace"] == namespace["metadata"]["name"]


def test_secrets_are_referenced_never_embedded() -> None:
    assert not of_kind("Secret")
    refs = [
        entry["valueFrom"]["secretKeyRef"]
        for deployment in of_kind("Deployment")
        for container in containers(deployment)
        for entry in container.get("env", [])
        if "secretKeyRef" in entry.get("valueFrom", {})
    ]
    assert refs and {ref["name"] for ref in refs} == {SECRET_NAME}
    assert {"LLMBOT_DATABASE_URL", "DISCORD_TOKEN", "SLACK_BOT_TOKEN"} <= {r["key"] for r in refs}
    readme = readme_section()
    assert all(f"--from-literal={ref['key']}=" in readme for ref in refs)


def test_deployments_probe_the_ops_port_and_allow_a_graceful_stop() -> None:
    ops_port = int(config_map()["LLMBOT_OPS_PORT"])
    config_name = of_kind("ConfigMap")[0]["metadata"]["name"]
    known = known_settings()
    for deployment in of_kind("Deployment"):
        spec = deployment["spec"]
        assert (
            spec["selector"]["matchLabels"].items()
            <= spec["template"]["metadata"]["labels"].items()
        )
        assert spec["template"]["spec"]["terminationGracePeriodSeconds"] >= MIN_GRACE_SECONDS
        for container in containers(deployment):
            assert {ref["configMapRef"]["name"] for ref in container["envFrom"]} == {config_name}
            assert {e["name"] for e in container["env"]} <= known
            assert container_port(container, "ops") == ops_port
            assert container["readinessProbe"]["httpGet"] == {"path": "/healthz", "port": "ops"}
            assert container["livenessProbe"]["httpGet"] == {"path": "/livez", "port": "ops"}
            assert container["securityContext"]["allowPrivilegeEscalation"] is False
    assert set(config_map()) <= known


def discord_deployments() -> list[dict[str, Any]]:
    return [
        d
        for d in of_kind("Deployment")
        if d["metadata"]["labels"]["app.kubernetes.io/component"] == "discord"
    ]


def test_discord_shards_are_each_run_by_exactly_one_pod() -> None:
    deployments = discord_deployments()
    assert len(deployments) >= 2
    counts: set[str] = set()
    shard_ids: list[int] = []
    for deployment in deployments:
        assert deployment["spec"]["replicas"] == 1
        assert deployment["spec"]["strategy"]["type"] == "Recreate"
        (container,) = containers(deployment)
        assert_runs_llmbot(container["args"], {"discord"})
        env = plain_env(container)
        counts.add(env["DISCORD_SHARD_COUNT"])
        shard_ids += [int(s) for s in env["DISCORD_SHARD_IDS"].split(",")]
    (count,) = counts
    assert sorted(shard_ids) == list(range(int(count)))


def test_slack_service_routes_to_the_http_port_of_the_slack_pods() -> None:
    (service,) = of_kind("Service")
    (slack,) = [
        d
        for d in of_kind("Deployment")
        if d["metadata"]["labels"]["app.kubernetes.io/component"] == "slack"
    ]
    (container,) = containers(slack)
    assert_runs_llmbot(container["args"], {"slack"})
    labels = slack["spec"]["template"]["metadata"]["labels"]
    assert service["spec"]["selector"].items() <= labels.items()
    (port,) = service["spec"]["ports"]
    assert container_port(container, port["targetPort"]) == int(plain_env(container)["PORT"])
    secret_keys = {e["name"] for e in container["env"] if "valueFrom" in e}
    assert "SLACK_SIGNING_SECRET" in secret_keys and "SLACK_APP_TOKEN" not in secret_keys


# --- systemd ------------------------------------------------------------------------------


def test_systemd_unit_has_what_a_single_host_needs() -> None:
    assert unit_value("Unit", "After") == "network-online.target"
    exec_start = shlex.split(unit_value("Service", "ExecStart"))
    assert Path(exec_start[0]).name == "llmbot"
    assert_runs_llmbot(["llmbot", *exec_start[1:]], set())
    assert unit_value("Service", "EnvironmentFile").startswith("/etc/")
    assert unit_value("Service", "Restart") == "on-failure"
    assert unit_value("Service", "KillSignal") == "SIGTERM"
    assert int(unit_value("Service", "TimeoutStopSec")) >= MIN_GRACE_SECONDS
    assert unit_value("Service", "NoNewPrivileges") == "yes"
    assert unit_value("Service", "ProtectSystem") == "strict"
    assert unit_value("Service", "User") not in ("root", "0")
    assert unit_value("Install", "WantedBy") == "multi-user.target"


def test_systemd_database_lives_in_the_state_directory() -> None:
    state = Path("/var/lib") / unit_value("Service", "StateDirectory")
    environment = dict(v.split("=", 1) for k, v in systemd_unit()["Service"] if k == "Environment")
    assert known_settings() >= environment.keys()
    database = Path(environment["LLMBOT_DATABASE_URL"].removeprefix("sqlite:///"))
    assert database.parent == state
    assert Path(unit_value("Service", "WorkingDirectory")) == state


@pytest.fixture
def unit_copy(tmp_path: Path) -> Iterator[Path]:
    """The unit with ExecStart pointing at a binary that exists here, so verify can load it."""
    text = (DEPLOY / "systemd" / "llmbot.service").read_text("utf-8")
    copy = tmp_path / "llmbot.service"
    copy.write_text(re.sub(r"^ExecStart=\S+", "ExecStart=/bin/true", text, flags=re.M))
    yield copy


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="needs systemd-analyze")
def test_systemd_accepts_every_line_of_the_unit(unit_copy: Path) -> None:
    result = subprocess.run(
        ["systemd-analyze", "verify", str(unit_copy)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    complaints = [line for line in result.stderr.splitlines() if str(unit_copy) in line]
    assert result.returncode == 0 and not complaints, result.stderr


# --- README -------------------------------------------------------------------------------


def test_readme_names_only_deploy_files_that_exist() -> None:
    named = set(re.findall(r"deploy/[\w./-]+[\w]", readme_section()))
    assert {"deploy/Dockerfile", "deploy/compose.yaml", "deploy/k8s/"} & named
    for path in named:
        assert (ROOT / path).exists() or path == "deploy/llmbot.env" or path == "deploy/.env", path
