"""The engine's parts: each feature's use cases, built on one knowledge base, store and clock,
and connected to one another. `Engine` adds the dispatch of commands and buttons to them."""

from __future__ import annotations

import os
import random
import socket
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.engine.ask.asker import Asker
from bot.engine.ask.ports import AskLimits, LanguageModel
from bot.engine.ask.retrieval import PassageRetriever
from bot.engine.clock import Clock, SystemClock
from bot.engine.daily.admin import DailyAdmin
from bot.engine.daily.picker import DailyPicker
from bot.engine.daily.ports import Posters
from bot.engine.daily.posting import DailyPosting
from bot.engine.daily.scheduler import DEFAULT_GRACE, Scheduler
from bot.engine.fanout import DEFAULT_CONCURRENCY, FanOut, Pacer, default_budgets
from bot.engine.labs.bench import LabBench
from bot.engine.learn.explain import Explainer
from bot.engine.learn.quiz import QuizMaster, random_quiz_id
from bot.engine.observer import EngineObserver, NullObserver
from bot.engine.packs.book import QuestionBook
from bot.engine.practice.mastery_view import masterable
from bot.engine.practice.session import Practice as PracticeSessions
from bot.engine.practice.spacing import Ledger
from bot.engine.progress.observed import ObservedStats
from bot.engine.progress.privacy import Forgetting
from bot.engine.progress.problems import ProblemReports
from bot.engine.standings.periods import Calendar
from bot.engine.standings.standings import Standings
from bot.engine.teams.teams import Teams
from bot.engine.workspace.workspaces import Workspaces
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.search import TopicIndex
from storage import Store

if TYPE_CHECKING:
    from bot.engine.labs.lab import Labs
    from bot.engine.packs.admin import PackAdmin
    from bot.engine.progress.overview import ProgressBoard


class EngineParts:
    """Every feature's use cases for one engine, sharing its clock, random draws and caches."""

    def __init__(
        self,
        kb: KnowledgeBase,
        store: Store,
        *,
        clock: Clock | None = None,
        seed: int | None = None,
        observer: EngineObserver | None = None,
        daily_grace: timedelta = DEFAULT_GRACE,
        index: TopicIndex | None = None,
        quiz_ids: Callable[[], str] = random_quiz_id,
        pacer: Pacer | None = None,
        daily_concurrency: int = DEFAULT_CONCURRENCY,
        model: LanguageModel | None = None,
        ask_limits: AskLimits | None = None,
        labs: Labs | None = None,
    ) -> None:
        self.kb = kb
        self.store = store
        store.use_learning_rules(Ledger())
        self.observer: EngineObserver = observer or NullObserver()
        self.clock = clock or SystemClock()
        self.rng = random.Random(seed)
        self.index = index or TopicIndex(kb)
        self.explainer = Explainer(kb, self.index)
        self.lab_bench = LabBench(kb, self.rng, labs)
        self.workspaces = Workspaces(store, self.clock)
        self.book = QuestionBook(kb, store)
        self._packs: PackAdmin | None = None
        self.observed = ObservedStats(store, self.clock)
        self.quizzes = QuizMaster(
            kb=kb,
            store=store,
            clock=self.clock,
            rng=self.rng,
            calendar_of=self.calendar_of,
            new_quiz_id=quiz_ids,
            observed=self.observed,
        )
        self.standings = Standings(store, self.clock, self.calendar_of)
        self.practice = PracticeSessions(
            kb=kb,
            book=self.book,
            store=store,
            clock=self.clock,
            quizzes=self.quizzes,
            explainer=self.explainer,
            index=self.index,
            rng=self.rng,
        )
        self.problems = ProblemReports(kb, store, self.clock, self.quizzes.known)
        self._progress: ProgressBoard | None = None
        self.forgetting = Forgetting(store)
        self.masterable = masterable(kb)
        self.teams = Teams(store, self.clock, self.workspaces)
        self.posters = Posters()
        self.picker = DailyPicker(self.book, store, seed, self.observed)
        self.posting = DailyPosting(
            kb=kb,
            book=self.book,
            store=store,
            clock=self.clock,
            posters=self.posters,
            quizzes=self.quizzes,
            picker=self.picker,
            workspaces=self.workspaces,
            observer=self.observer,
            owner=f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}",
            pacer=pacer or Pacer(default_budgets()),
        )
        self.scheduler = Scheduler(
            store,
            self.posting,
            self.clock,
            self.posters,
            self.observer,
            grace=daily_grace,
            # A job that fails is logged by the runner; each counts as a daily error.
            fanout=FanOut(daily_concurrency, on_failure=lambda job: self.observer.error("daily")),
        )
        self.posters.on_change(self.scheduler.wake)
        self.asker = Asker(
            kb,
            PassageRetriever(self.index),
            store,
            clock=self.clock,
            zone_of=self.zone_of,
            observer=self.observer,
            model=model,
            limits=ask_limits,
        )
        self.daily_admin = DailyAdmin(
            kb=kb,
            book=self.book,
            store=store,
            clock=self.clock,
            index=self.index,
            workspaces=self.workspaces,
            posters=self.posters,
            posting=self.posting,
            picker=self.picker,
            wake=self.scheduler.wake,
            grace=daily_grace,
        )

    def zone_of(self, workspace_key: str) -> ZoneInfo:
        """The workspace's time zone (UTC until an admin sets one), from a short cache."""
        return self.workspaces.zone_of(workspace_key)

    def calendar_of(self, workspace_key: str) -> Calendar:
        return self.workspaces.calendar_of(workspace_key)

    @property
    def progress(self) -> ProgressBoard:
        """Built on first use: the report code is not needed to start `llmbot ask`."""
        if self._progress is None:
            from bot.engine.progress.overview import ProgressBoard

            self._progress = ProgressBoard(self.kb, self.store, self.clock, self.workspaces)
        return self._progress

    @property
    def packs(self) -> PackAdmin:
        """Built on first use: `/llm pack` is not needed to start `llmbot ask`."""
        if self._packs is None:
            from bot.engine.packs.admin import PackAdmin

            self._packs = PackAdmin(
                kb=self.kb,
                store=self.store,
                clock=self.clock,
                book=self.book,
                workspaces=self.workspaces,
            )
        return self._packs
