"""`llmbot report`, `llmbot content stats` and `llmbot db forget`: learning records."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.config import Settings
from bot.knowledge.base import KnowledgeBase
from storage import Store

if TYPE_CHECKING:
    from bot.engine.progress.review import ReviewItem

DEFAULT_MIN_ATTEMPTS = 20
FORGOTTEN = "a former member"


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from error


def add_report_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = sub.add_parser(
        "report", help="one row per member: answers, accuracy, topics mastered, last active"
    )
    report.add_argument(
        "--workspace",
        required=True,
        metavar="KEY",
        help="as stored: discord:<guild id>, slack:<team id> or console:<workspace>",
    )
    report.add_argument("--since", type=_day, metavar="YYYY-MM-DD", help="count answers from")
    report.add_argument("--format", choices=("csv", "json"), default="csv")
    report.add_argument("--output", type=Path, metavar="FILE", help="write here, not stdout")
    report.add_argument("--url", help="database URL (default: LLMBOT_DATABASE_URL)")


def add_content_stats_parser(
    content_sub: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    stats = content_sub.add_parser(
        "stats", help="questions to review: reported ones first, then what the answers show"
    )
    stats.add_argument(
        "--min-attempts",
        type=int,
        default=DEFAULT_MIN_ATTEMPTS,
        metavar="N",
        help=f"flag only questions answered at least N times (default {DEFAULT_MIN_ATTEMPTS})",
    )
    stats.add_argument("--json", action="store_true", help="one JSON object for scripts")
    stats.add_argument("--url", help="database URL (default: LLMBOT_DATABASE_URL)")


def add_forget_parser(db_sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    forget = db_sub.add_parser(
        "forget", help="delete one member's data in a workspace, as /llm forget-me does"
    )
    forget.add_argument("--workspace", required=True, metavar="KEY")
    forget.add_argument("--user", required=True, metavar="ID", help="the platform user id")
    forget.add_argument("--url", help="database URL (default: LLMBOT_DATABASE_URL)")


@asynccontextmanager
async def _opened(settings: Settings, url: str | None) -> AsyncIterator[Store]:
    from bot.engine.practice.spacing import Ledger
    from storage import open_store

    store = open_store(url or settings.database_url)
    store.use_learning_rules(Ledger())
    await store.start()
    try:
        yield store
    finally:
        await store.close()


def _knowledge(settings: Settings) -> KnowledgeBase:
    from bot.knowledge.cache import load_cached

    return load_cached(settings.content_path).kb


def run_report(settings: Settings, args: argparse.Namespace) -> int:
    from bot.engine.progress.members import UnknownWorkspace, member_report
    from bot.engine.progress.report import to_csv, to_json

    async def build() -> str:
        kb = _knowledge(settings)
        async with _opened(settings, args.url) as store:
            header, rows = await member_report(
                store, kb, workspace_id=args.workspace, since=args.since, now=datetime.now(UTC)
            )
        return to_csv(header, rows) if args.format == "csv" else to_json(header, rows) + "\n"

    try:
        text = asyncio.run(build())
    except UnknownWorkspace as error:
        print(f"llmbot report: {error}", file=sys.stderr)
        return 1
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8", newline="")
    return 0


def run_content_stats(settings: Settings, args: argparse.Namespace) -> int:
    from bot.engine.progress.members import questions_to_review

    if args.min_attempts < 1:
        print("llmbot content stats: --min-attempts must be at least 1", file=sys.stderr)
        return 2

    async def build() -> tuple[KnowledgeBase, list[ReviewItem]]:
        kb = _knowledge(settings)
        async with _opened(settings, args.url) as store:
            return kb, await questions_to_review(
                store, kb, workspace_id=None, min_attempts=args.min_attempts
            )

    kb, items = asyncio.run(build())
    entries = [review_entry(kb, item) for item in items]
    if args.json:
        print(json.dumps({"min_attempts": args.min_attempts, "questions": entries}, indent=2))
        return 0
    if not entries:
        print(
            f"Nothing to review: no reports, and no question answered {args.min_attempts}+"
            " times looks wrong."
        )
        return 0
    for entry in entries:
        print("\n".join(review_lines(entry)))
        print()
    return 0


def review_entry(kb: KnowledgeBase, item: ReviewItem) -> dict[str, Any]:
    """A question to review as JSON: its statistics, flags and members' reports."""
    from bot.engine.progress.analytics import FLAG_TEXT

    question = kb.questions[item.question_id]
    stats = item.stats
    entry: dict[str, Any] = {
        "question_id": question.id,
        "topic": question.topics[0],
        "stem": question.stem,
        "written_difficulty": question.difficulty,
        "attempts": stats.attempts if stats else 0,
        "right_share": round(stats.right_share, 3) if stats else None,
        "discrimination": (
            round(stats.discrimination, 3) if stats and stats.discrimination is not None else None
        ),
        "option_shares": [
            {
                "option": n,
                "text": o.text,
                "correct": o.correct,
                "share": round(stats.option_shares[n], 3)
                if stats and n < len(stats.option_shares)
                else 0.0,
            }
            for n, o in enumerate(question.options)
        ],
        "flags": [str(f) for f in stats.flags] if stats else [],
        "flag_reasons": [FLAG_TEXT[f] for f in stats.flags] if stats else [],
        "reports": {str(r): c for r, c in item.report.reasons.items()} if item.report else {},
        "report_notes": list(item.report.notes) if item.report else [],
    }
    if stats is not None:
        width = len(question.options)
        entry["unpicked_options"] = [
            n for n in range(width) if n >= len(stats.option_shares) or stats.option_shares[n] == 0
        ]
    return entry


def review_lines(entry: dict[str, Any]) -> list[str]:
    lines = [f"{entry['question_id']} ({entry['topic']}, written {entry['written_difficulty']})"]
    lines.append(f"  {entry['stem']}")
    if entry["reports"]:
        reasons = ", ".join(f"{reason} ×{count}" for reason, count in entry["reports"].items())
        lines.append(f"  reported: {reasons}")
        lines.extend(f"    “{note}”" for note in entry["report_notes"])
    if entry["attempts"]:
        disc = entry["discrimination"]
        lines.append(
            f"  {entry['attempts']} answers, {entry['right_share']:.0%} right, discrimination "
            + ("n/a" if disc is None else f"{disc:+.2f}")
        )
        for option in entry["option_shares"]:
            key = "✓" if option["correct"] else " "
            lines.append(f"    {key} {option['share']:>5.0%}  {option['text']}")
    lines.extend(f"  ! {reason}" for reason in entry["flag_reasons"])
    return lines


def run_forget(settings: Settings, args: argparse.Namespace) -> int:
    from bot.engine.progress.forget import describe
    from storage.learning import ForgetMember

    async def forget() -> str:
        async with _opened(settings, args.url) as store:
            known = await store.known_workspaces()
            if args.workspace not in known:
                listed = ", ".join(known) or "none yet"
                raise LookupError(f"no workspace {args.workspace!r}; known workspaces: {listed}")
            summary = await store.forget_member(ForgetMember(args.workspace, args.user, FORGOTTEN))
        return describe(summary)

    try:
        print(asyncio.run(forget()))
    except LookupError as error:
        print(f"llmbot db forget: {error}", file=sys.stderr)
        return 1
    return 0
