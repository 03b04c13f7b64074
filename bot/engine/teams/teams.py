"""Teams: members create, join and leave them; admins rename, delete and link them to a role.

A team linked to a Discord role or Slack user group takes its members from the roles
the adapter reports in `Actor.roles` at each interaction, so both platforms share
this logic.
"""

from __future__ import annotations

import logging
import re
import uuid
from datetime import datetime, timedelta

from bot.engine.actor import Actor
from bot.engine.clean_text import plain_name
from bot.engine.clock import Clock, to_ms
from bot.engine.errors import EngineError, NotAllowed, UsageError
from bot.engine.grammar import (
    TeamCommand,
    TeamCreate,
    TeamDelete,
    TeamJoin,
    TeamLeave,
    TeamLink,
    TeamList,
    TeamRename,
    TeamShow,
)
from bot.engine.payloads import TeamChange, TeamDetail, TeamNames
from bot.engine.reply import Field, Reply, ReplyKind, Visibility, said
from bot.engine.single_flight import SingleFlight
from bot.engine.standings.periods import period_key
from bot.engine.teams.board import rank_teams, standing_line
from bot.engine.workspace.workspaces import Workspaces
from storage import Store, TeamRecord

log = logging.getLogger(__name__)

# Every team fits one board message (Slack: 3000 characters per section).
MAX_TEAMS = 30
# Member names fit one embed field (Discord: 1024 characters).
MAX_SHOWN_MEMBERS = 20
LINKS_CACHE_FOR = timedelta(seconds=60)
# Members whose roles were just checked are not read again on every click of a burst.
SYNCED_MAX = 10_000
_NAME = re.compile(r"^\w[\w .'&+\-]{0,31}$")


class UnknownTeam(EngineError):
    pass


def team_name(text: str) -> str:
    name = " ".join(text.split())
    if not _NAME.match(name):
        raise UsageError(
            "A team name is 1–32 letters, digits, spaces or - _ . ' & +, starting with a "
            "letter or digit."
        )
    return name


class Teams:
    def __init__(self, store: Store, clock: Clock, workspaces: Workspaces) -> None:
        self.store = store
        self.clock = clock
        self.workspaces = workspaces
        self._links: dict[str, tuple[datetime, dict[str, TeamRecord]]] = {}
        self._reading: SingleFlight[str, list[TeamRecord]] = SingleFlight()
        self._synced: dict[tuple[str, str], tuple[datetime, tuple[str, ...]]] = {}

    async def run(self, actor: Actor, command: TeamCommand) -> Reply:
        match command:
            case TeamCreate(name):
                return await self._create(actor, team_name(name))
            case TeamJoin(name):
                return await self._join(actor, await self._find(actor, name))
            case TeamLeave():
                return await self._leave(actor)
            case TeamShow(name):
                return await self._show(actor, name)
            case TeamRename(name, new_name):
                await self.workspaces.require_admin(actor, "rename teams")
                team = await self._find(actor, name)
                return await self._rename(actor, team, team_name(new_name))
            case TeamDelete(name):
                await self.workspaces.require_admin(actor, "delete teams")
                return await self._delete(actor, await self._find(actor, name))
            case TeamLink(name, role):
                await self.workspaces.require_admin(actor, "link teams to roles")
                return await self._link(actor, await self._find(actor, name), role)
            case TeamList():
                return await self._list(actor)
        raise UsageError("Unknown team command.")

    async def follow_roles(self, actor: Actor) -> None:
        """Move the member into the team their role maps to, or out of one they lost."""
        links = await self._linked(actor.workspace_key)
        if not links:
            return
        now = self.clock.now()
        key = (actor.workspace_key, actor.user)
        synced = self._synced.get(key)
        if synced is not None and synced[1] == actor.roles and now - synced[0] < LINKS_CACHE_FOR:
            return
        if len(self._synced) >= SYNCED_MAX:
            self._synced.clear()
        self._synced[key] = (now, actor.roles)
        current = await self.store.team_of(actor.workspace_key, actor.user)
        if current is not None and current.role_id in actor.roles:
            return
        mine = sorted((links[r] for r in actor.roles if r in links), key=lambda t: t.name.lower())
        target = mine[0] if mine else None
        if target is None and (current is None or current.role_id is None):
            return
        await self._set(actor, target)
        log.info("team membership in %s follows roles", actor.workspace_key)

    async def linked_roles(self, workspace_key: str) -> frozenset[str]:
        """The role ids that teams of the workspace follow."""
        return frozenset(await self._linked(workspace_key))

    async def _linked(self, workspace_key: str) -> dict[str, TeamRecord]:
        now = self.clock.now()
        cached = self._links.get(workspace_key)
        if cached is not None and now - cached[0] < LINKS_CACHE_FOR:
            return cached[1]
        teams = await self._reading.run(workspace_key, lambda: self.store.list_teams(workspace_key))
        links = {t.role_id: t for t in teams if t.role_id is not None}
        self._links[workspace_key] = (now, links)
        return links

    def _forget(self, workspace_key: str) -> None:
        self._links.pop(workspace_key, None)
        self._synced = {k: v for k, v in self._synced.items() if k[0] != workspace_key}

    async def _find(self, actor: Actor, name: str) -> TeamRecord:
        team = await self.store.find_team(actor.workspace_key, name)
        if team is None:
            raise UnknownTeam(
                f"There is no team called {said(repr(plain_name(name)))}. See `/llm team list`."
            )
        return team

    async def _set(self, actor: Actor, team: TeamRecord | None) -> None:
        await self.store.set_team_membership(
            actor.workspace_key,
            actor.user,
            actor.display_name,
            team.team_id if team else None,
            to_ms(self.clock.now()),
        )

    async def _create(self, actor: Actor, name: str) -> Reply:
        if len(await self.store.list_teams(actor.workspace_key)) >= MAX_TEAMS:
            raise NotAllowed(f"This workspace has {MAX_TEAMS} teams, the most I keep.")
        team = TeamRecord(
            workspace_id=actor.workspace_key,
            team_id=uuid.uuid4().hex[:12],
            name=name,
            role_id=None,
            created_by=actor.user,
            created_at_ms=to_ms(self.clock.now()),
        )
        try:
            await self.store.create_team(team)
        except KeyError:
            raise NotAllowed(f"A team called {said(repr(name))} already exists.") from None
        current = await self.store.team_of(actor.workspace_key, actor.user)
        if current is None:
            await self._set(actor, team)
            note = "You are its first member."
        else:
            note = f"You stay in {said(current.name)}; others can `/llm team join {said(name)}`."
        return _private(ReplyKind.TEAM_CREATED, f"Team {said(name)} created", note, team)

    async def _join(self, actor: Actor, team: TeamRecord) -> Reply:
        if team.role_id is not None:
            raise NotAllowed(
                f"Members of {team.name} are the people with its role; ask an admin for it."
            )
        current = await self.store.team_of(actor.workspace_key, actor.user)
        if current is not None and current.team_id == team.team_id:
            note = "Nothing changed."
            return _private(ReplyKind.TEAM_JOINED, f"You are in {team.name}", note, team)
        if current is not None and current.role_id is not None:
            raise NotAllowed(f"You are in {current.name} through your role.")
        await self._set(actor, team)
        left = f" You left {current.name}." if current else ""
        return _private(ReplyKind.TEAM_JOINED, f"You joined {team.name}", f"Welcome!{left}", team)

    async def _leave(self, actor: Actor) -> Reply:
        current = await self.store.team_of(actor.workspace_key, actor.user)
        if current is None:
            raise UnknownTeam("You are not in a team.")
        if current.role_id is not None:
            raise NotAllowed(f"You are in {current.name} through your role.")
        await self._set(actor, None)
        return _private(ReplyKind.TEAM_LEFT, f"You left {current.name}", "", current)

    async def _list(self, actor: Actor) -> Reply:
        teams = await self.store.list_teams(actor.workspace_key)
        rows = {r.team_id: r for r in await self.store.team_scores(actor.workspace_key, "all")}
        lines = []
        for team in teams:
            members = rows[team.team_id].members if team.team_id in rows else 0
            link = " · follows a role" if team.role_id else ""
            lines.append(f"- **{plain_name(team.name)}**: {members} member(s){link}")
        return Reply(
            kind=ReplyKind.TEAM_LIST,
            title=f"Teams ({len(teams)})",
            body="\n".join(lines) or "No teams yet. Start one with `/llm team create <name>`.",
            payload=TeamNames(teams=tuple(t.name for t in teams)),
        )

    async def _show(self, actor: Actor, name: str | None) -> Reply:
        team = await self.store.team_of(actor.workspace_key, actor.user) if name is None else None
        if name is None and team is None:
            raise UnknownTeam("You are not in a team. See `/llm team list`.")
        team = team or await self._find(actor, name or "")
        members = await self.store.team_members(actor.workspace_key, team.team_id)
        shown = ", ".join(plain_name(m.display_name) for m in members[:MAX_SHOWN_MEMBERS])
        if len(members) > MAX_SHOWN_MEMBERS:
            shown += f" and {len(members) - MAX_SHOWN_MEMBERS} more"
        calendar = self.workspaces.calendar_of(actor.workspace_key)
        week = period_key("week", self.clock.now(), calendar)
        standings = rank_teams(await self.store.team_scores(actor.workspace_key, week))
        mine = next((s for s in standings if s.team_id == team.team_id), None)
        fields = [Field("Members", shown or "nobody yet")]
        if mine is not None:
            fields.append(Field("This week", standing_line(mine, len(standings))))
        return Reply(
            kind=ReplyKind.TEAM,
            title=f"Team {plain_name(team.name)}",
            body="Membership follows a role." if team.role_id else "",
            fields=tuple(fields),
            payload=TeamDetail(team=team.name, members=tuple(m.user_id for m in members)),
        )

    async def _rename(self, actor: Actor, team: TeamRecord, new_name: str) -> Reply:
        try:
            await self.store.rename_team(actor.workspace_key, team.team_id, new_name)
        except KeyError:
            raise NotAllowed(f"A team called {said(repr(new_name))} already exists.") from None
        self._forget(actor.workspace_key)
        title = f"{said(team.name)} is now {said(new_name)}"
        return _private(ReplyKind.TEAM_RENAMED, title, "", team)

    async def _delete(self, actor: Actor, team: TeamRecord) -> Reply:
        await self.store.delete_team(actor.workspace_key, team.team_id)
        self._forget(actor.workspace_key)
        note = "Its members have no team now."
        return _private(ReplyKind.TEAM_DELETED, f"Team {team.name} deleted", note, team)

    async def _link(self, actor: Actor, team: TeamRecord, role: str | None) -> Reply:
        try:
            await self.store.link_team(actor.workspace_key, team.team_id, role)
        except KeyError:
            raise NotAllowed("Another team is already linked to that role.") from None
        self._forget(actor.workspace_key)
        if role is None:
            note = "Members join and leave it themselves again."
            return _private(ReplyKind.TEAM_LINKED, f"{team.name} is open again", note, team)
        return _private(
            ReplyKind.TEAM_LINKED,
            f"{team.name} follows role `{role}`",
            "Members with the role are counted in it from their next interaction; members "
            "without it leave it then.",
            team,
        )


def _private(kind: ReplyKind, title: str, body: str, team: TeamRecord) -> Reply:
    return Reply(
        kind=kind,
        title=title,
        body=body,
        visibility=Visibility.PRIVATE,
        payload=TeamChange(team=team.name, team_id=team.team_id),
    )
