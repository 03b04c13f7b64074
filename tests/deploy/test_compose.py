"""The compose files run llmbot with PostgreSQL or SQLite and pass only settings llmbot reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.deploy.deploy_files import (
    DEPLOY,
    MIN_GRACE_SECONDS,
    assert_runs_llmbot,
    compose,
    config_map,
    containers,
    known_settings,
    llmbot_services,
    of_kind,
    seconds,
)

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
