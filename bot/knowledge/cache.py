"""Starts fast on content that was already validated, by caching the loaded knowledge base.

Validation (YAML parsing plus pydantic) and building the search index take a few hundred
milliseconds; `llmbot ask` must reply within 0.3 s. The cache key is a digest of every
content file and of this package's source, so any edit, to content or code, revalidates.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from bot.knowledge.base import KnowledgeBase
from bot.knowledge.search import TopicIndex

log = logging.getLogger(__name__)


def default_cache_dir() -> Path:
    configured = os.environ.get("LLMBOT_CACHE_DIR", "").strip()
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or str(Path.home() / ".cache")
    return Path(base) / "llmbot"


# Every module of this package shapes what is cached: the classes pickled, the rules
# content was validated by, and how the index was built.
_SOURCES = Path(__file__).resolve().parent


def content_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for source in sorted(_SOURCES.glob("*.py")):
        digest.update(source.read_bytes())
    digest.update(str(root.resolve()).encode())
    for path in sorted(root.rglob("*")):
        if path.suffix in (".yaml", ".png") and path.is_file():
            digest.update(str(path.relative_to(root)).encode())
            digest.update(
                path.read_bytes() if path.suffix == ".yaml" else b"%d" % path.stat().st_size
            )
    return digest.hexdigest()


@dataclass(frozen=True)
class LoadedContent:
    """The knowledge base and its search index, which is as costly to build as to validate."""

    kb: KnowledgeBase
    index: TopicIndex


def load_cached(root: Path | None = None, cache_dir: Path | None = None) -> LoadedContent:
    """The validated knowledge base and its index, from the cache when nothing changed."""
    root = root or Path(str(resources.files("llmbot_content")))
    cache_dir = cache_dir or default_cache_dir()
    path = cache_dir / f"content-{content_digest(root)[:40]}.pickle"
    try:
        with path.open("rb") as source:
            cached = pickle.load(source)
        if isinstance(cached, LoadedContent):
            return cached
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
        pass
    from bot.knowledge.loader import load_knowledge

    loaded = LoadedContent(kb := load_knowledge(root), TopicIndex(kb))
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=cache_dir, delete=False) as target:
            pickle.dump(loaded, target, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(target.name, path)
    except OSError as error:
        log.debug("content cache not written: %s", error)
    return loaded
