"""The systemd unit for a single host, and the README naming only files that exist."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.deploy.deploy_files import (
    DEPLOY,
    MIN_GRACE_SECONDS,
    ROOT,
    assert_runs_llmbot,
    known_settings,
    readme_section,
    systemd_unit,
    unit_value,
)


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
