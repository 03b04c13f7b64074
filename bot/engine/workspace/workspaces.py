"""Workspace settings (time zone, admin roles): cached reads, admin checks and `/llm settings`."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.engine.actor import Actor
from bot.engine.clock import Clock, from_ms, to_ms
from bot.engine.errors import NotAllowed, UsageError
from bot.engine.grammar import SettingsAdminRoles, SettingsCommand, SettingsTimezone
from bot.engine.payloads import WorkspaceSettings
from bot.engine.reply import Field, Reply, ReplyKind, Visibility, said
from bot.engine.single_flight import SingleFlight
from bot.engine.standings.periods import Calendar
from storage import Store, WorkspaceSettingsRecord

log = logging.getLogger(__name__)

# Several instances may share one database; a change made elsewhere shows within this.
CACHE_FOR = timedelta(seconds=60)
MAX_ADMIN_ROLES = 10


def zone_named(name: str) -> ZoneInfo:
    """The IANA zone, or a usage error people can act on."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(
            f"{said(repr(name[:40]))} is not a time zone I know. Use an IANA name such as "
            "`Europe/Paris` or `America/New_York`."
        ) from None


class Workspaces:
    """Per-workspace settings behind a short cache, so the hot paths stay synchronous."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self.store = store
        self.clock = clock
        self._cache: dict[str, tuple[datetime, WorkspaceSettingsRecord]] = {}
        self._reading: SingleFlight[str, WorkspaceSettingsRecord | None] = SingleFlight()
        self._calendars: dict[str, tuple[WorkspaceSettingsRecord, Calendar]] = {}

    async def load(self, workspace_key: str) -> WorkspaceSettingsRecord:
        now = self.clock.now()
        cached = self._cache.get(workspace_key)
        if cached is not None and now - cached[0] < CACHE_FOR:
            return cached[1]
        record = await self._reading.run(
            workspace_key, lambda: self.store.get_workspace_settings(workspace_key)
        )
        record = record or WorkspaceSettingsRecord(workspace_key)
        self._cache[workspace_key] = (now, record)
        return record

    def cached(self, workspace_key: str) -> WorkspaceSettingsRecord:
        cached = self._cache.get(workspace_key)
        return cached[1] if cached else WorkspaceSettingsRecord(workspace_key)

    def zone_of(self, workspace_key: str) -> ZoneInfo:
        return ZoneInfo(self.cached(workspace_key).timezone)

    def calendar_of(self, workspace_key: str) -> Calendar:
        """The workspace's calendar, built once per settings record: every answer asks for it,
        and building one looks up two zones and hashes them again in the period cache."""
        record = self.cached(workspace_key)
        known = self._calendars.get(workspace_key)
        if known is not None and known[0] is record:
            return known[1]
        previous = record.previous_timezone
        changed = record.timezone_changed_at_ms
        calendar = Calendar(
            ZoneInfo(record.timezone),
            ZoneInfo(previous) if previous else None,
            from_ms(changed) if changed is not None else None,
        )
        self._calendars[workspace_key] = (record, calendar)
        return calendar

    async def is_admin(self, actor: Actor) -> bool:
        if actor.is_admin:
            return True
        record = await self.load(actor.workspace_key)
        return bool(set(actor.roles) & set(record.admin_roles))

    async def require_admin(self, actor: Actor, action: str) -> None:
        if not await self.is_admin(actor):
            raise NotAllowed(
                f"Only admins can {action}. Ask someone who can manage this server or "
                "workspace; they can also let a role do it with `/llm settings admin-roles`."
            )

    async def run(self, actor: Actor, command: SettingsCommand) -> Reply:
        match command:
            case SettingsTimezone(zone):
                await self.require_admin(actor, "change the time zone")
                return await self._set_timezone(actor, zone)
            case SettingsAdminRoles(roles):
                await self.require_admin(actor, "choose admin roles")
                return await self._set_admin_roles(actor, roles)
        return self._show(await self.load(actor.workspace_key))

    async def _save(self, record: WorkspaceSettingsRecord) -> None:
        await self.store.save_workspace_settings(record)
        self._cache[record.workspace_id] = (self.clock.now(), record)
        log.info("workspace settings of %s changed", record.workspace_id)

    async def _set_timezone(self, actor: Actor, name: str) -> Reply:
        zone = zone_named(name)
        current = await self.load(actor.workspace_key)
        if zone.key == current.timezone:
            return self._show(current, note=f"The time zone already is {zone.key}.")
        now_ms = to_ms(self.clock.now())
        record = WorkspaceSettingsRecord(
            actor.workspace_key,
            zone.key,
            current.timezone,
            now_ms,
            current.admin_roles,
            now_ms,
        )
        await self._save(record)
        return self._show(
            record,
            note=(
                f"Time zone set to {zone.key}. Weeks and months that start from now on follow "
                "it; the current ones finish as they began."
            ),
        )

    async def _set_admin_roles(self, actor: Actor, roles: tuple[str, ...]) -> Reply:
        if len(roles) > MAX_ADMIN_ROLES:
            raise UsageError(f"Choose at most {MAX_ADMIN_ROLES} admin roles.")
        current = await self.load(actor.workspace_key)
        record = WorkspaceSettingsRecord(
            current.workspace_id,
            current.timezone,
            current.previous_timezone,
            current.timezone_changed_at_ms,
            roles,
            to_ms(self.clock.now()),
        )
        await self._save(record)
        note = "Admin roles cleared." if not roles else "Members with these roles are admins now."
        return self._show(record, note=note)

    def _show(self, record: WorkspaceSettingsRecord, note: str = "") -> Reply:
        roles = ", ".join(f"`{r}`" for r in record.admin_roles) or "none"
        return Reply(
            kind=ReplyKind.SETTINGS,
            title="llmbot settings for this workspace",
            body=note,
            fields=(
                Field("Time zone", f"{record.timezone} (leaderboard weeks and months)", True),
                Field("Admin roles", roles, True),
            ),
            visibility=Visibility.PRIVATE,
            payload=WorkspaceSettings(timezone=record.timezone, admin_roles=record.admin_roles),
        )
