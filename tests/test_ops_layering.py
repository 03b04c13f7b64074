"""Metrics stay at the edge: the core never imports them, and they load only with an ops port."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bot.app import App
from bot.config import ConfigError, Settings
from bot.knowledge import KnowledgeBase
from tests.test_layering import imported_modules, python_files

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("path", python_files("bot/engine", "bot/knowledge", "storage"), ids=str)
def test_core_never_imports_metrics_or_the_ops_package(path: Path) -> None:
    found = imported_modules(path)
    assert not {name.split(".")[0] for name in found} & {"prometheus_client"}
    assert not any(name.startswith("bot.ops") for name in found)


@pytest.mark.parametrize(
    "module", ["bot/ops/__init__.py", "bot/ops/readiness.py", "bot/ops/server.py", "bot/app.py"]
)
def test_only_the_metrics_module_imports_prometheus(module: str) -> None:
    assert "prometheus_client" not in {
        name.split(".")[0] for name in imported_modules(ROOT / module)
    }


def test_ops_port_without_the_ops_extra_is_a_clear_config_error(
    tmp_path: Path, kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "prometheus_client", None)
    monkeypatch.delitem(sys.modules, "bot.ops.metrics", raising=False)
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'x.db'}", ops_port=8081)
    with pytest.raises(ConfigError, match=r"llmbot\[ops\]"):
        App(settings, kb=kb)


def test_without_an_ops_port_the_app_needs_no_metrics_library(
    tmp_path: Path, kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "prometheus_client", None)
    monkeypatch.delitem(sys.modules, "bot.ops.metrics", raising=False)
    app = App(Settings(database_url=f"sqlite:///{tmp_path / 'x.db'}"), kb=kb)
    assert app.metrics is None
