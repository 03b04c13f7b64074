"""Prometheus metrics fed by the engine's observer hook and the store's group-commit writer."""

from __future__ import annotations

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Histogram,
    PlatformCollector,
    ProcessCollector,
)
from prometheus_client.exposition import choose_encoder

from bot.engine.ask.ports import TokenUsage

# Seconds: the engine answers most commands in milliseconds; a committed answer waits
# for one group commit, so its tail shows when the store falls behind.
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
# Seconds a language model took for `/llm ask`, up to llmbot's longest allowed timeout.
MODEL_BUCKETS = (0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 8.0, 13.0, 20.0, 30.0, 60.0, 120.0)
# Answers per transaction, up to the writer's default `max_batch` of 512.
BATCH_BUCKETS = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512)
# On time means within 1.2 × (channels due ÷ the platform limit): seconds to many minutes.
DELAY_BUCKETS = (0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 7200.0)


class Metrics:
    """An `EngineObserver` on its own registry, so several can live in one process (tests)."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        self.commands = Counter(
            "llmbot_commands",
            "Commands handled, refusals included, by command kind and platform.",
            ["kind", "platform"],
            registry=self.registry,
        )
        self.command_seconds = Histogram(
            "llmbot_command_duration_seconds",
            "Time the engine took to answer a command.",
            ["kind"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.answer_seconds = Histogram(
            "llmbot_answer_latency_seconds",
            "Time from a quiz answer's arrival until its commit returned.",
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.batch_size = Histogram(
            "llmbot_store_batch_size",
            "Answers committed per group-commit transaction.",
            buckets=BATCH_BUCKETS,
            registry=self.registry,
        )
        self.daily_posts = Counter(
            "llmbot_daily_posts",
            "Daily questions posted, by platform.",
            ["platform"],
            registry=self.registry,
        )
        self.daily_delay = Histogram(
            "llmbot_daily_post_delay_seconds",
            "How late a scheduled daily question went out: actual post time minus the"
            " scheduled time, by platform.",
            ["platform"],
            buckets=DELAY_BUCKETS,
            registry=self.registry,
        )
        self.errors = Counter(
            "llmbot_errors",
            "Unexpected exceptions, by where they were caught.",
            ["where"],
            registry=self.registry,
        )
        self.model_requests = Counter(
            "llmbot_llm_requests",
            "Questions for /llm ask that a model could answer, by outcome (generated, a "
            "fallback's reason, or the member's rate or the daily budget reached).",
            ["outcome"],
            registry=self.registry,
        )
        self.model_tokens = Counter(
            "llmbot_llm_tokens",
            "Tokens spent on model answers, by kind (prompt, completion) and whether the "
            "server reported them or llmbot estimated them.",
            ["kind", "source"],
            registry=self.registry,
        )
        self.model_seconds = Histogram(
            "llmbot_llm_latency_seconds",
            "Time a model call took, failures included.",
            buckets=MODEL_BUCKETS,
            registry=self.registry,
        )
        ProcessCollector(registry=self.registry)
        PlatformCollector(registry=self.registry)

    def command_handled(self, kind: str, platform: str, seconds: float) -> None:
        self.commands.labels(kind=kind, platform=platform).inc()
        self.command_seconds.labels(kind=kind).observe(seconds)

    def answer_recorded(self, seconds: float) -> None:
        self.answer_seconds.observe(seconds)

    def error(self, where: str) -> None:
        self.errors.labels(where=where).inc()

    def daily_posted(self, platform: str) -> None:
        self.daily_posts.labels(platform=platform).inc()

    def daily_post_delay(self, platform: str, seconds: float) -> None:
        self.daily_delay.labels(platform=platform).observe(seconds)

    def model_request(self, outcome: str, usage: TokenUsage | None, seconds: float) -> None:
        """The engine's `ModelObserver` hook; calls that never reached a model take no time."""
        self.model_requests.labels(outcome=outcome).inc()
        if usage is not None:
            source = "estimated" if usage.estimated else "reported"
            self.model_tokens.labels(kind="prompt", source=source).inc(usage.prompt)
            self.model_tokens.labels(kind="completion", source=source).inc(usage.completion)
        if seconds > 0:
            self.model_seconds.observe(seconds)

    def batch_committed(self, size: int) -> None:
        """The store's `on_batch` hook."""
        self.batch_size.observe(size)

    def exposition(self, accept: str = "") -> tuple[bytes, str]:
        """The body and content type for `/metrics`, OpenMetrics when the scraper asks for it."""
        encode, content_type = choose_encoder(accept)
        return encode(self.registry), content_type
