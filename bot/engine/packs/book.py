"""The questions a workspace can be asked: llmbot's own, and the packs it imported.

The shipped knowledge base is one immutable object for every workspace; packs belong to
one workspace and change when an admin imports or removes one, possibly through another
instance. Every lookup first reads the workspace's pack version (one primary-key read)
and re-reads the packs only when it moved, so an import anywhere is seen at the next
lookup, and a workspace without packs costs that one read.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.engine.errors import NotAllowed, UsageError
from bot.engine.learn.asked import Asked, shipped
from bot.engine.packs.codec import load_question
from bot.engine.packs.ids import PACK_PREFIX, split_pack_id
from bot.engine.reply import Reply, said
from bot.engine.single_flight import SingleFlight
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.models import Difficulty, Question
from storage import PackRecord, Store

if TYPE_CHECKING:
    # Only as types here: every start imports this module, and `PackInfo.of` loads them.
    from bot.engine.packs.draft import Credit, PackFormat, PackTopic

__all__ = ["PackInfo", "PackTopics", "QuestionBook", "Shelf", "UnknownPack"]

WORKSPACES_CACHED = 512
PACKS_CACHED = 32  # question lists, up to 5,000 questions each


@dataclass(frozen=True, slots=True)
class PackInfo:
    """A stored pack as the engine uses it; topic ids are namespaced (`pack.<name>/<id>`)."""

    name: str
    title: str
    description: str
    format: PackFormat
    credit: Credit
    topics: tuple[PackTopic, ...]
    question_count: int
    imported_by: str
    imported_at_ms: int

    @classmethod
    def of(cls, record: PackRecord) -> PackInfo:
        from bot.engine.packs.draft import Credit, PackFormat, PackTopic

        return cls(
            name=record.name,
            title=record.title,
            description=record.description,
            format=PackFormat(record.format),
            credit=Credit(record.source, record.license, record.author),
            topics=tuple(
                PackTopic(t.topic_id, t.title, t.short, t.questions) for t in record.topics
            ),
            question_count=record.question_count,
            imported_by=record.imported_by,
            imported_at_ms=record.imported_at_ms,
        )

    @property
    def handle(self) -> str:
        """What people type to name the pack as a topic: `pack.computers`."""
        return f"{PACK_PREFIX}{self.name}"

    @property
    def footer(self) -> str:
        """The credit every quiz from the pack carries: "from pack *computers* · Red…, GPL-3.0"."""
        credit = f" · {said(self.credit.text)}" if self.credit.text else ""
        return f"from pack *{self.name}*{credit}"


def _stored_counts(info: PackInfo) -> dict[str, int] | None:
    """The question count of each of the pack's topics, if the store has them all."""
    counts = {t.id: t.questions for t in info.topics if t.questions is not None}
    return counts if len(counts) == len(info.topics) else None


class UnknownPack(NotAllowed):
    pass


@dataclass(frozen=True, slots=True)
class Shelf:
    """A workspace's packs at one version."""

    version: int
    packs: Mapping[str, PackInfo]

    def require(self, name: str) -> PackInfo:
        """The pack of that name, or a refusal that lists the ones the workspace has."""
        info = self.packs.get(name)
        if info is None:
            known = ", ".join(f"`{n}`" for n in sorted(self.packs)) or "none yet"
            raise UnknownPack(f"There is no pack {said(name[:40])} here (packs: {known}).")
        return info

    def topic(self, text: str) -> tuple[PackInfo, PackTopic] | None:
        """The pack topic `text` names: `pack.<name>/<topic>`, or `pack.<name>` for a pack that
        is its own single topic."""
        parts = split_pack_id(text)
        if parts is None and text.startswith(PACK_PREFIX):
            info = self.packs.get(text.removeprefix(PACK_PREFIX))
            if info is not None and len(info.topics) == 1:
                return info, info.topics[0]
            return None
        if parts is None or (info := self.packs.get(parts[0])) is None:
            return None
        topic = next((t for t in info.topics if t.id == text), None)
        return None if topic is None else (info, topic)


@dataclass(frozen=True, slots=True)
class PackTopics:
    """A workspace's pack topics at one version, as mastery counts them: each topic's title
    (as its pack wrote it) and how many questions count for it (those whose first topic it
    is, as everywhere in practice and mastery)."""

    version: int
    titles: Mapping[str, str]
    questions: Mapping[str, int]


class QuestionBook:
    """Per-workspace question lookup: the shipped bank plus the workspace's own packs."""

    def __init__(self, kb: KnowledgeBase, store: Store) -> None:
        self.kb = kb
        self.store = store
        self._shelves: OrderedDict[str, Shelf] = OrderedDict()
        self._questions: OrderedDict[tuple[str, str], tuple[int, tuple[Question, ...]]] = (
            OrderedDict()
        )
        self._versions: SingleFlight[str, int] = SingleFlight()
        self._reading: SingleFlight[tuple[str, str, int], tuple[Question, ...]] = SingleFlight()
        self._topics: OrderedDict[str, PackTopics] = OrderedDict()

    async def shelf(self, workspace: str) -> Shelf:
        version = await self._versions.run(workspace, lambda: self.store.pack_version(workspace))
        cached = self._shelves.get(workspace)
        if cached is None or cached.version != version:
            records = await self.store.list_packs(workspace) if version else []
            cached = Shelf(version, {r.name: PackInfo.of(r) for r in records})
            self._shelves[workspace] = cached
        self._shelves.move_to_end(workspace)
        while len(self._shelves) > WORKSPACES_CACHED:
            self._shelves.popitem(last=False)
        return cached

    def forget(self, workspace: str) -> None:
        """Drop what this instance cached of a workspace it just changed."""
        self._shelves.pop(workspace, None)

    async def pack_questions(self, workspace: str, name: str) -> tuple[Question, ...]:
        """The questions of one pack of the workspace; empty for a pack it does not have."""
        shelf = await self.shelf(workspace)
        if name not in shelf.packs:
            return ()
        key = (workspace, name)
        cached = self._questions.get(key)
        if cached is None or cached[0] != shelf.version:
            questions = await self._reading.run(
                (workspace, name, shelf.version), lambda: self._read(workspace, name)
            )
            cached = (shelf.version, questions)
            self._questions[key] = cached
        self._questions.move_to_end(key)
        while len(self._questions) > PACKS_CACHED:
            self._questions.popitem(last=False)
        return cached[1]

    async def pack_topics(self, workspace: str) -> PackTopics:
        """Every pack topic of the workspace with its title and question count.

        Counts are stored with each pack; a pack stored before they were kept is counted from
        its questions, once per version of the workspace's packs.
        """
        shelf = await self.shelf(workspace)
        cached = self._topics.get(workspace)
        if cached is None or cached.version != shelf.version:
            titles = {t.id: t.title for info in shelf.packs.values() for t in info.topics}
            counts: dict[str, int] = {}
            for name, info in shelf.packs.items():
                stored = _stored_counts(info)
                counts.update(stored if stored is not None else await self._count(workspace, name))
            cached = PackTopics(shelf.version, titles, counts)
            self._topics[workspace] = cached
        self._topics.move_to_end(workspace)
        while len(self._topics) > WORKSPACES_CACHED:
            self._topics.popitem(last=False)
        return cached

    async def _count(self, workspace: str, name: str) -> Counter[str]:
        return Counter(q.topics[0] for q in await self.pack_questions(workspace, name))

    async def _read(self, workspace: str, name: str) -> tuple[Question, ...]:
        return tuple(
            load_question(row.body) for row in await self.store.pack_questions(workspace, name)
        )

    async def find(self, workspace: str, question_id: str) -> Question | None:
        """A question by id: llmbot's own, or one of the workspace's packs (None once gone)."""
        parts = split_pack_id(question_id)
        if parts is None:
            return self.kb.questions.get(question_id)
        questions = await self.pack_questions(workspace, parts[0])
        return next((q for q in questions if q.id == question_id), None)

    async def topic_pool(
        self, workspace: str, topic_id: str, difficulty: Difficulty | None
    ) -> list[Question]:
        """The questions of one pack topic (as `Shelf.topic` names it)."""
        found = (await self.shelf(workspace)).topic(topic_id)
        if found is None:
            return []
        info, topic = found
        return [
            q
            for q in await self.pack_questions(workspace, info.name)
            if topic.id in q.topics and difficulty in (None, q.difficulty)
        ]

    async def explain_topic(self, workspace: str, handle: str) -> Reply:
        """`/llm explain pack.<name>/<topic>`: a pack topic as its pack describes it."""
        found = (await self.shelf(workspace)).topic(handle)
        if found is None:
            raise UsageError(
                "This workspace has no pack topic by that id; `/llm topics` lists them."
            )
        from bot.engine.packs.replies import topic_reply

        return topic_reply(*found, handle)

    async def asked(self, workspace: str, question: Question) -> Asked:
        """The question with the topic title and credit a quiz shows and keeps."""
        parts = split_pack_id(question.id)
        if parts is None:
            return shipped(self.kb, question)
        name = parts[0]
        info = (await self.shelf(workspace)).packs.get(name)
        if info is None:
            return Asked(question, name, f"from pack *{name}*", name)
        title = next((t.title for t in info.topics if t.id == question.topics[0]), info.title)
        return Asked(question, said(title), info.footer, name)
