"""Daily fan-out: many channels' posts at once, paced under each platform's rate limit."""

from bot.engine.fanout.budget import Budget, default_budgets
from bot.engine.fanout.pacer import Lane, Pacer, RateLimited
from bot.engine.fanout.runner import DEFAULT_CONCURRENCY, FanOut, FanOutReport, Job
from bot.engine.fanout.timer import LoopTimer, TimedOut, Timer, within

__all__ = [
    "DEFAULT_CONCURRENCY",
    "Budget",
    "FanOut",
    "FanOutReport",
    "Job",
    "Lane",
    "LoopTimer",
    "Pacer",
    "RateLimited",
    "TimedOut",
    "Timer",
    "default_budgets",
    "within",
]
