"""`/llm pack …`: admins import and remove a workspace's packs; anyone may list and show them."""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from dataclasses import replace

from bot.engine.actor import Actor
from bot.engine.clock import Clock, to_ms
from bot.engine.errors import NotAllowed
from bot.engine.grammar import PackCommand, PackImport, PackRemove, PackShow, PackUpload
from bot.engine.packs.book import PackInfo, QuestionBook, UnknownPack
from bot.engine.packs.codec import dump_question
from bot.engine.packs.draft import PackDraft
from bot.engine.packs.ids import pack_id
from bot.engine.packs.limits import MAX_FILE_BYTES, MAX_PACKS_PER_WORKSPACE
from bot.engine.packs.replies import (
    PROBLEMS_SHOWN,
    confirm_reply,
    detail_reply,
    list_reply,
    removed_reply,
    report_reply,
    upload_reply,
)
from bot.engine.reply import Reply
from bot.engine.workspace.workspaces import Workspaces
from bot.knowledge.base import KnowledgeBase
from storage import PackQuestionRecord, PackRecord, PackSaved, PackTopicRecord, Store

log = logging.getLogger(__name__)

__all__ = ["PackAdmin", "stored_form"]


class PackAdmin:
    """Packs of one workspace at a time: validated whole, stored whole, removed on confirmation."""

    def __init__(
        self,
        *,
        kb: KnowledgeBase,
        store: Store,
        clock: Clock,
        book: QuestionBook,
        workspaces: Workspaces,
    ) -> None:
        self.kb = kb
        self.store = store
        self.clock = clock
        self.book = book
        self.workspaces = workspaces

    async def run(self, actor: Actor, command: PackCommand) -> Reply:
        match command:
            case PackImport():
                await self.workspaces.require_admin(actor, "import question packs")
                return await self.import_pack(actor, command)
            case PackUpload():
                await self.workspaces.require_admin(actor, "import question packs")
                return upload_reply()
            case PackShow(name):
                info = await self._pack(actor, name)
                questions = await self.book.pack_questions(actor.workspace_key, name)
                return detail_reply(info, questions)
            case PackRemove(name, version):
                await self.workspaces.require_admin(actor, "remove question packs")
                return await self._remove(actor, name, version)
        # PackList
        return list_reply(await self.book.shelf(actor.workspace_key))

    async def _pack(self, actor: Actor, name: str) -> PackInfo:
        return (await self.book.shelf(actor.workspace_key)).require(name)

    async def import_pack(self, actor: Actor, command: PackImport) -> Reply:
        from bot.engine.packs.reader import read_pack, refused_for_size

        workspace = actor.workspace_key
        limit = None if command.all_problems else PROBLEMS_SHOWN
        if command.content is None or command.size > MAX_FILE_BYTES:
            report = refused_for_size(command.filename, command.name, command.size)
            return report_reply(report, dry_run=command.dry_run, stored=None, limit=limit)
        # Reading 5,000 questions takes a second of CPU: off the event loop, which keeps
        # answering everyone else meanwhile.
        reading = await asyncio.to_thread(
            read_pack,
            command.content,
            command.filename,
            name=command.name,
            license_text=command.license,
            shipped=tuple(self.kb.questions.values()),
        )
        report, draft = reading.report, reading.draft
        if draft is None:
            log.info(
                "pack %s refused in %s: %d problem(s)", report.name, workspace, len(report.errors)
            )
            return report_reply(report, dry_run=command.dry_run, stored=None, limit=limit)
        existing = await self.store.get_pack(workspace, draft.name)
        if command.dry_run:
            notes = _dry_notes(draft, existing is not None, command.replace)
            return report_reply(report, dry_run=True, stored=None, notes=notes, limit=limit)
        record, questions = stored_form(workspace, draft, actor.user, to_ms(self.clock.now()))
        outcome = await self.store.save_pack(
            record, questions, replace=command.replace, max_packs=MAX_PACKS_PER_WORKSPACE
        )
        if outcome is PackSaved.EXISTS:
            raise NotAllowed(
                f"This workspace already has a pack named `{draft.name}`. Import with "
                "`replace` to replace it, or choose another name."
            )
        if outcome is PackSaved.FULL:
            raise NotAllowed(
                f"This workspace has {MAX_PACKS_PER_WORKSPACE} packs, the most it may have. "
                "Remove one first with `/llm pack remove <name>`."
            )
        self.book.forget(workspace)
        log.info("pack %s %s in %s: %d questions", draft.name, outcome, workspace, report.questions)
        return report_reply(report, dry_run=False, stored=outcome.value, limit=limit)

    async def _remove(self, actor: Actor, name: str, version: int | None) -> Reply:
        workspace = actor.workspace_key
        info = await self._pack(actor, name)
        current = await self.store.pack_version(workspace)
        if version is None:
            return confirm_reply(info, current)
        if version != current:
            raise NotAllowed(
                "The packs here changed since you asked; run `/llm pack remove "
                f"{name}` again to confirm."
            )
        if not await self.store.remove_pack(workspace, name):
            raise UnknownPack(f"The pack `{name}` is already gone.")
        self.book.forget(workspace)
        log.info("pack %s removed from %s", name, workspace)
        channels = [
            c.channel_id
            for c in await self.store.enabled_daily_channels()
            if c.workspace_id == workspace and name in c.packs
        ]
        return removed_reply(name, channels)


def _dry_notes(draft: PackDraft, exists: bool, replacing: bool) -> list[str]:
    if not exists:
        return []
    if replacing:
        return [f"Importing would replace the pack `{draft.name}` already here."]
    return [f"A pack named `{draft.name}` is already here: importing it needs `replace`."]


def stored_form(
    workspace: str, draft: PackDraft, user: str, now_ms: int
) -> tuple[PackRecord, list[PackQuestionRecord]]:
    """The draft with every id namespaced by its pack (see `ids.py`), as the store keeps it."""
    name = draft.name
    questions = [
        replace(
            question,
            id=pack_id(name, question.id),
            topics=tuple(pack_id(name, topic) for topic in question.topics),
        )
        for question in draft.questions
    ]
    # Mastery counts each pack topic's questions: counted here, once, not at every `/llm me`.
    firsts = Counter(question.topics[0] for question in questions)
    record = PackRecord(
        workspace_id=workspace,
        name=name,
        title=draft.title,
        description=draft.description,
        format=draft.format.value,
        source=draft.credit.source,
        license=draft.credit.license,
        author=draft.credit.author,
        topics=tuple(
            PackTopicRecord(pack_id(name, t.id), t.title, t.short, firsts[pack_id(name, t.id)])
            for t in draft.topics
        ),
        question_count=len(questions),
        imported_by=user,
        imported_at_ms=now_ms,
    )
    return record, [PackQuestionRecord(q.id, dump_question(q)) for q in questions]
