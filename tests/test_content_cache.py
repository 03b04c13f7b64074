"""Validated content is cached for fast starts, and any edit invalidates the cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.knowledge import ContentInvalid, default_content_root
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


def test_an_edit_changes_the_key_and_is_revalidated(content_copy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    load_cached(content_copy, cache)
    before = content_digest(content_copy)
    topics = content_copy / "topics" / "foundations.yaml"
    topics.write_text(topics.read_text().replace("related: [", "related: [no-such-topic, ", 1))
    assert content_digest(content_copy) != before
    with pytest.raises(ContentInvalid):
        load_cached(content_copy, cache)


def test_unwritable_cache_still_loads(content_copy: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    loaded = load_cached(content_copy, blocker / "cache")
    assert len(loaded.kb.topics) == 47
