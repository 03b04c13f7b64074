"""Readers of the deploy files, shared by the suites that check them against the code."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from bot.cli import build_parser
from bot.runner import SERVICES

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"
SECRET_NAME = "llmbot-secrets"
MIN_GRACE_SECONDS = 15




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
