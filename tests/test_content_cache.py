"""Validated content is cached for fast starts, and any edit invalidates the cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.knowledge import ContentInvalid, default_content_root, load_knowledge
from bot.knowledge.cache import content_digest, load_cached


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(default_content_root(), root)
    return root


def test_second_load_comes_from_the_cache(content_copy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = load_cached(content_copy, cache)
    files = list(cache.glob("content-*.pickle"))
    assert len(files) == 1
    second = load_cached(content_copy, cache)
    assert second.kb == first.kb
    assert second is not first
    assert second.index.resolve("attension") == first.index.resolve("attension")
    # The passage index comes back without its term statistics, rebuilt on first search.
    query = "reward model trained on human comparisons"
    assert second.index.passages.search(query) == first.index.passages.search(query)


def test_a_code_change_in_the_knowledge_package_changes_the_key(
    content_copy: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    package = tmp_path / "package"
    package.mkdir()
    (package / "search.py").write_text("RULES = 1\n")
    monkeypatch.setattr("bot.knowledge.cache._SOURCES", package)
    before = content_digest(content_copy)
    (package / "search.py").write_text("RULES = 2\n")
    assert content_digest(content_copy) != before


def test_an_edit_changes_the_key_and_is_revalidated(content_copy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    load_cached(content_copy, cache)
    before = content_digest(content_copy)
    topics = content_copy / "topics" / "foundations.yaml"
    topics.write_text(topics.read_text().replace("reviewed: 2026-12", "reviewed: 2026-13", 1))
    assert content_digest(content_copy) != before
    with pytest.raises(ContentInvalid):
        load_cached(content_copy, cache)


def test_unwritable_cache_still_loads(content_copy: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    loaded = load_cached(content_copy, blocker / "cache")
    assert loaded.kb == load_knowledge(content_copy)
