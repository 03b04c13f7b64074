"""Numbered SQL migrations shared by every backend, one file per dialect where SQL differs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

_NAME = re.compile(r"^(?P<version>\d{4})_(?P<name>[a-z0-9_]+)(?:\.(?P<dialect>[a-z]+))?\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations_for(dialect: str) -> list[Migration]:
    """Every migration in order, taking `NNNN_name.<dialect>.sql` over `NNNN_name.sql`."""
    chosen: dict[int, tuple[bool, Migration]] = {}
    for entry in resources.files("storage.sql").joinpath("migrations").iterdir():
        match = _NAME.match(entry.name)
        if match is None:
            continue
        file_dialect = match["dialect"]
        if file_dialect not in (None, dialect):
            continue
        version = int(match["version"])
        specific = file_dialect is not None
        current = chosen.get(version)
        if current is not None and current[0] and not specific:
            continue
        chosen[version] = (specific, Migration(version, match["name"], entry.read_text("utf-8")))
    return [migration for _, migration in (chosen[v] for v in sorted(chosen))]


def split_statements(sql: str) -> list[str]:
    """Split a migration on semicolons at line ends; migrations keep one statement per block."""
    statements = []
    for chunk in re.split(r";\s*(?:\n|$)", sql):
        body = "\n".join(
            line for line in chunk.splitlines() if not line.strip().startswith("--")
        ).strip()
        if body:
            statements.append(body)
    return statements
