"""Which running adapters say they are connected, for `/healthz`."""

from __future__ import annotations

import logging
from collections.abc import Callable

log = logging.getLogger(__name__)

ReadinessCheck = Callable[[], bool]


class Readiness:
    """Adapters register a cheap `() -> bool` (e.g. "the gateway session is up") by name.

    The registry lives on `App` whether or not an ops port is open, so adapters register
    unconditionally and never need to know how health is served.
    """

    def __init__(self) -> None:
        self._checks: dict[str, ReadinessCheck] = {}

    def register(self, name: str, check: ReadinessCheck) -> None:
        self._checks[name] = check

    def report(self) -> dict[str, bool]:
        """Ask every check; one that raises counts as not ready rather than failing the probe."""
        found: dict[str, bool] = {}
        for name, check in self._checks.items():
            try:
                found[name] = bool(check())
            except Exception:
                log.exception("readiness check %r failed", name)
                found[name] = False
        return found
