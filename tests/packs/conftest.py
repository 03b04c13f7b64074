"""Fixtures of the pack suites: the real lists in tests/data/import and a reader shortcut."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.adapters.console import ConsoleChat
from bot.engine import Actor, Engine
from bot.engine.grammar import PackImport
from bot.engine.packs import PackReading, read_pack
from bot.knowledge import KnowledgeBase, load_knowledge

DATA = Path(__file__).resolve().parent.parent / "data" / "import"
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "packs" / "fernhill-ai-policy.yaml"

Read = Callable[..., PackReading]


@pytest.fixture(scope="session")
def shipped() -> KnowledgeBase:
    return load_knowledge()


@pytest.fixture
def read_file(shipped: KnowledgeBase) -> Read:
    """Read a file from tests/data/import (or any path), checked against the shipped bank."""

    def read(path: str | Path, **options: object) -> PackReading:
        file = path if isinstance(path, Path) else DATA / path
        return read_pack(
            file.read_bytes(), file.name, shipped=shipped.questions.values(), **options
        )

    return read


@pytest.fixture
def read_text() -> Read:
    """Read a pack given as text, without the shipped bank."""

    def read(text: str | bytes, filename: str = "pack.yaml", **options: object) -> PackReading:
        raw = text.encode("utf-8") if isinstance(text, str) else text
        return read_pack(raw, filename, **options)

    return read


def pack_file(path: str | Path, **options: object) -> PackImport:
    """The import command a platform builds from an uploaded file."""
    file = path if isinstance(path, Path) else DATA / path
    raw = file.read_bytes()
    return PackImport(file.name, raw, len(raw), **options)  # type: ignore[arg-type]


def pack_text(text: str, filename: str) -> PackImport:
    """The import command for a pack written out in a test."""
    raw = text.encode("utf-8")
    return PackImport(filename, raw, len(raw))


def _statement(local_id: str, topics: str, stem: str) -> str:
    return (
        f"  - {{id: {local_id}, topics: [{topics}], difficulty: easy, type: truefalse,"
        f" stem: {stem}, options: [{{text: 'True', correct: true, why: Stated so.}},"
        " {text: 'False', why: Stated as true.}]}\n"
    )


# Three questions count for `big` (its first topic) and two for `small`: only `big` can be
# mastered. The title of `big` carries markup and a mention that must stay inert.
TWO_TOPICS = (
    "pack:\n  title: Two topics\n"
    "topics:\n"
    "  - {id: big, title: 'Q&A *basics* <!here>', short: Three questions count for it.}\n"
    "  - {id: small, title: Small things, short: Two questions count for it.}\n"
    "questions:\n"
    + _statement("kettles", "big", "Kettles boil water.")
    + _statement("rivers", "big", "Rivers flow downhill.")
    + _statement("owls", "big, small", "Owls hunt at night.")
    + _statement("moss", "small", "Moss grows on stones.")
    + _statement("tides", "small", "The moon pulls the tides.")
)


@pytest.fixture
def chat(engine: Engine, actor: Actor) -> ConsoleChat:
    return ConsoleChat(engine, actor)
