"""`llmbot db`: migrate, status, copy between databases with a progress bar, backup."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from bot.config import Settings
from bot.learning_cli import add_forget_parser


def add_db_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    db = sub.add_parser("db", help="database tools")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    url_help = "database URL (default: LLMBOT_DATABASE_URL)"
    migrate = db_sub.add_parser("migrate", help="apply pending migrations and exit")
    migrate.add_argument("--url", help=url_help)
    status = db_sub.add_parser(
        "status", help="list migrations, applied or pending (exits 1 if any is pending)"
    )
    status.add_argument("--url", help=url_help)
    copy = db_sub.add_parser(
        "copy", help="copy every table into another database, e.g. SQLite to PostgreSQL"
    )
    copy.add_argument("--from", dest="source", required=True, metavar="URL")
    copy.add_argument("--to", dest="target", required=True, metavar="URL")
    copy.add_argument("--force", action="store_true", help="replace rows the target already holds")
    backup = db_sub.add_parser(
        "backup", help="SQLite: write a consistent copy; PostgreSQL: print the pg_dump command"
    )
    backup.add_argument("path", nargs="?", type=Path, help="where (default: a dated file)")
    backup.add_argument("--url", help=url_help)
    add_forget_parser(db_sub)


class ProgressBar:
    """`[#########.....]  60%  1,200/2,000 rows`, redrawn in place whenever the percentage
    moves."""

    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self._stream = stream
        self._width = width
        self._shown = -1

    def __call__(self, done: int, total: int) -> None:
        percent = 100 if total == 0 else done * 100 // total
        if percent == self._shown:
            return
        self._shown = percent
        filled = self._width * percent // 100
        bar = "#" * filled + "." * (self._width - filled)
        self._stream.write(f"\r[{bar}] {percent:3d}%  {done:,}/{total:,} rows")
        if percent == 100:
            self._stream.write("\n")
        self._stream.flush()

    def close(self) -> None:
        """End a bar left short by an error, so the message starts on its own line."""
        if 0 <= self._shown < 100:
            self._stream.write("\n")
            self._stream.flush()


def run_db(settings: Settings, args: argparse.Namespace) -> int:
    from storage.maintenance import SchemaMismatch, TargetNotEmpty

    try:
        return asyncio.run(_run(settings, args))
    except TargetNotEmpty as error:
        print(f"llmbot db: {error}; use --force to replace them", file=sys.stderr)
    except (SchemaMismatch, FileNotFoundError, FileExistsError, ValueError) as error:
        print(f"llmbot db: {error}", file=sys.stderr)
    except OSError as error:
        print(f"llmbot db: cannot reach the database: {error}", file=sys.stderr)
    return 1


async def _run(settings: Settings, args: argparse.Namespace) -> int:
    from storage import maintenance

    command = args.db_command
    if command == "copy":
        bar = ProgressBar(sys.stderr)
        try:
            copied = await maintenance.copy_database(
                args.source, args.target, force=args.force, progress=bar
            )
        finally:
            bar.close()
        print(
            f"copied {sum(copied.values()):,} rows in {len(copied)} tables "
            f"from {maintenance.redacted(args.source)} to {maintenance.redacted(args.target)}"
        )
        return 0
    url = args.url or settings.database_url
    if command == "migrate":
        pending = [m for m in await maintenance.migration_status(url) if m.applied_at_ms is None]
        await maintenance.migrate(url)
        for migration in pending:
            print(f"applied {migration.version:04d}_{migration.name}")
        print(f"{maintenance.redacted(url)} is up to date")
        return 0
    if command == "status":
        states = await maintenance.migration_status(url)
        print(maintenance.redacted(url))
        for state in states:
            when = (
                "pending"
                if state.applied_at_ms is None
                else datetime.fromtimestamp(state.applied_at_ms / 1000, UTC).strftime(
                    "applied %Y-%m-%d %H:%M:%S UTC"
                )
            )
            print(f"  {state.version:04d}_{state.name:24} {when}")
        waiting = sum(state.applied_at_ms is None for state in states)
        print(f"{waiting} pending: run `llmbot db migrate`" if waiting else "up to date")
        return 1 if waiting else 0
    destination = args.path or maintenance.default_backup_path(url, datetime.now(UTC))
    if url.startswith("sqlite:///"):
        print(f"backed up to {await maintenance.backup_sqlite(url, destination)}")
        return 0
    print("PostgreSQL is backed up with pg_dump (password from PGPASSWORD or ~/.pgpass):")
    print(maintenance.pg_dump_command(url, destination))
    return 0
