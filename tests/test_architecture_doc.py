"""docs/architecture.md shows the tree as it is: every module in it, no module that is gone."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "architecture.md").read_text("utf-8")
FILES = sorted(
    p.relative_to(ROOT).as_posix() for top in ("bot", "storage") for p in (ROOT / top).rglob("*.py")
)
MODULES = [f for f in FILES if not f.endswith("/__init__.py")]


def tree() -> str:
    """The first code block after the "The tree" heading."""
    section = DOC.split("## The tree", 1)[1]
    return section.split("```", 2)[1]


def test_the_tree_names_every_folder_and_module() -> None:
    drawn = tree()
    folders = {
        p.parent.name for top in ("bot", "storage") for p in (ROOT / top).rglob("__init__.py")
    }
    assert [f for f in sorted(folders) if f"{f}/" not in drawn] == []
    named = set(re.findall(r"[a-z_]+\.py", drawn))
    assert [m for m in MODULES if Path(m).name not in named] == []


def test_every_module_the_page_names_exists() -> None:
    mentioned = set(re.findall(r"`([\w./]+\.py)`", DOC)) | set(re.findall(r"[a-z_]+\.py", tree()))
    missing = [m for m in sorted(mentioned) if not any(f.endswith(m) for f in FILES)]
    assert [m for m in missing if not (ROOT / m).exists()] == []
