"""Who is asking: the member behind every command, whatever the platform."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Actor:
    """The member behind a command, with platform ids kept apart by namespace.

    `roles` are plain role or user-group ids: adapters turn the platform's mention syntax
    into ids before the engine sees them.
    """

    platform: str
    workspace: str
    channel: str
    user: str
    display_name: str
    is_admin: bool = False
    roles: tuple[str, ...] = ()

    @property
    def workspace_key(self) -> str:
        return f"{self.platform}:{self.workspace}"
