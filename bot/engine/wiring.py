"""The engine's parts: each feature's use cases, built on one knowledge base, store and clock,
and connected to one another. `Engine` adds the dispatch of commands and buttons to them.

Every command needs the workspace settings and the teams; every other part is built, and
its modules imported, the first time a command uses it: `llmbot ask "/llm explain …"`
builds only the explainer, and must start in 0.3 s.
"""

from __future__ import annotations

import os
import random
import socket
import uuid
from collections.abc import Callable
from datetime import timedelta
from functools import cached_property
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.engine.clock import Clock, SystemClock
from bot.engine.daily.ports import Posters
from bot.engine.daily.schedule import DEFAULT_GRACE
from bot.engine.fanout import DEFAULT_CONCURRENCY
from bot.engine.labs.bench import LabBench
from bot.engine.learn.explain import Explainer
from bot.engine.learn.quiz import random_quiz_id
from bot.engine.observer import EngineObserver, NullObserver
from bot.engine.practice.spacing import Ledger
from bot.engine.standings.periods import Calendar
from bot.engine.teams.teams import Teams
from bot.engine.workspace.workspaces import Workspaces
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.search import TopicIndex
from storage import Store

if TYPE_CHECKING:
    from bot.engine.ask.asker import Asker
    from bot.engine.ask.ports import AskLimits, LanguageModel
    from bot.engine.daily.admin import DailyAdmin
    from bot.engine.daily.picker import DailyPicker
    from bot.engine.daily.posting import DailyPosting
    from bot.engine.daily.scheduler import Scheduler
    from bot.engine.fanout import Pacer
    from bot.engine.labs.lab import Labs
    from bot.engine.learn.quiz import QuizMaster
    from bot.engine.packs.admin import PackAdmin
    from bot.engine.packs.book import QuestionBook
    from bot.engine.practice.session import Practice as PracticeSessions
    from bot.engine.progress.observed import ObservedStats
    from bot.engine.progress.overview import ProgressBoard
    from bot.engine.progress.privacy import Forgetting
    from bot.engine.progress.problems import ProblemReports
    from bot.engine.standings.standings import Standings


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
        self._seed = seed
        self.rng = random.Random(seed)
        self.index = index or TopicIndex(kb)
        self.explainer = Explainer(kb, self.index)
        self.lab_bench = LabBench(kb, self.rng, labs)
        self.workspaces = Workspaces(store, self.clock)
        self.teams = Teams(store, self.clock, self.workspaces)
        self.posters = Posters()
        self.posters.on_change(self._wake_scheduler)
        # This instance's name in daily claims and heartbeats, drawn as the engine is built:
        # before any team id, so a run with seeded uuids replays them (tests/golden.py).
        self._owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._daily_grace = daily_grace
        self._quiz_ids = quiz_ids
        self._pacer = pacer
        self._daily_concurrency = daily_concurrency
        self._model = model
        self._ask_limits = ask_limits

    def zone_of(self, workspace_key: str) -> ZoneInfo:
        """The workspace's time zone (UTC until an admin sets one), from a short cache."""
        return self.workspaces.zone_of(workspace_key)

    def calendar_of(self, workspace_key: str) -> Calendar:
        return self.workspaces.calendar_of(workspace_key)

    @cached_property
    def book(self) -> QuestionBook:
        from bot.engine.packs.book import QuestionBook

        return QuestionBook(self.kb, self.store)

    @cached_property
    def packs(self) -> PackAdmin:
        from bot.engine.packs.admin import PackAdmin

        return PackAdmin(
            kb=self.kb,
            store=self.store,
            clock=self.clock,
            book=self.book,
            workspaces=self.workspaces,
        )

    @cached_property
    def observed(self) -> ObservedStats:
        from bot.engine.progress.observed import ObservedStats

        return ObservedStats(self.store, self.clock)

    @cached_property
    def quizzes(self) -> QuizMaster:
        from bot.engine.learn.quiz import QuizMaster

        return QuizMaster(
            kb=self.kb,
            store=self.store,
            clock=self.clock,
            rng=self.rng,
            calendar_of=self.calendar_of,
            new_quiz_id=self._quiz_ids,
            observed=self.observed,
        )

    @cached_property
    def standings(self) -> Standings:
        from bot.engine.standings.standings import Standings

        return Standings(self.store, self.clock, self.calendar_of)

    @cached_property
    def practice(self) -> PracticeSessions:
        from bot.engine.practice.session import Practice as PracticeSessions

        return PracticeSessions(
            kb=self.kb,
            book=self.book,
            store=self.store,
            clock=self.clock,
            quizzes=self.quizzes,
            explainer=self.explainer,
            index=self.index,
            rng=self.rng,
        )

    @cached_property
    def masterable(self) -> int:
        from bot.engine.practice.mastery_view import masterable

        return masterable(self.kb)

    @cached_property
    def problems(self) -> ProblemReports:
        from bot.engine.progress.problems import ProblemReports

        return ProblemReports(self.kb, self.store, self.clock, self.quizzes.known)

    @cached_property
    def progress(self) -> ProgressBoard:
        from bot.engine.progress.overview import ProgressBoard

        return ProgressBoard(self.book, self.clock, self.workspaces)

    @cached_property
    def forgetting(self) -> Forgetting:
        from bot.engine.progress.privacy import Forgetting

        return Forgetting(self.store)

    @cached_property
    def asker(self) -> Asker:
        from bot.engine.ask.asker import Asker
        from bot.engine.ask.retrieval import PassageRetriever

        return Asker(
            self.kb,
            PassageRetriever(self.index),
            self.store,
            clock=self.clock,
            zone_of=self.zone_of,
            observer=self.observer,
            model=self._model,
            limits=self._ask_limits,
        )

    @cached_property
    def picker(self) -> DailyPicker:
        from bot.engine.daily.picker import DailyPicker

        return DailyPicker(self.book, self.store, self._seed, self.observed)

    @cached_property
    def posting(self) -> DailyPosting:
        from bot.engine.daily.posting import DailyPosting
        from bot.engine.fanout import Pacer, default_budgets

        return DailyPosting(
            kb=self.kb,
            book=self.book,
            store=self.store,
            clock=self.clock,
            posters=self.posters,
            quizzes=self.quizzes,
            picker=self.picker,
            workspaces=self.workspaces,
            observer=self.observer,
            owner=self._owner,
            pacer=self._pacer or Pacer(default_budgets()),
        )

    @cached_property
    def scheduler(self) -> Scheduler:
        from bot.engine.daily.scheduler import Scheduler
        from bot.engine.fanout import FanOut

        return Scheduler(
            self.store,
            self.posting,
            self.clock,
            self.posters,
            self.observer,
            grace=self._daily_grace,
            # A job that fails is logged by the runner; each counts as a daily error.
            fanout=FanOut(
                self._daily_concurrency, on_failure=lambda job: self.observer.error("daily")
            ),
        )

    def _wake_scheduler(self) -> None:
        """A poster came or went. A scheduler not built yet reads the schedules when it
        starts, so only one already built is woken."""
        if "scheduler" in vars(self):
            self.scheduler.wake()

    @cached_property
    def daily_admin(self) -> DailyAdmin:
        from bot.engine.daily.admin import DailyAdmin

        return DailyAdmin(
            kb=self.kb,
            book=self.book,
            store=self.store,
            clock=self.clock,
            index=self.index,
            workspaces=self.workspaces,
            posters=self.posters,
            posting=self.posting,
            picker=self.picker,
            wake=self.scheduler.wake,
            grace=self._daily_grace,
        )
