"""Content errors an author can act on; importable without the YAML and validation stack."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ContentError:
    """One problem an author can act on."""

    file: str
    line: int  # 0 when the problem is the file (or the whole bank), not one place in it
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class ContentInvalid(Exception):
    """The knowledge base has errors; the bot must not start on it."""

    def __init__(self, errors: Sequence[ContentError]) -> None:
        self.errors = list(errors)
        shown = "\n".join(str(e) for e in self.errors[:20])
        more = f"\n… and {len(self.errors) - 20} more" if len(self.errors) > 20 else ""
        super().__init__(f"{len(self.errors)} content error(s):\n{shown}{more}")
