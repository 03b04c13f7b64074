"""The `llmbot` command: console, ask, content check and stats, report, db, and the runners.

Chat libraries are imported only by the subcommands that need them, so `llmbot ask`
starts fast.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import signal
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.config import ConfigError, Settings
from bot.db_cli import add_db_parser, run_db
from bot.knowledge import ContentInvalid
from bot.learning_cli import (
    add_content_stats_parser,
    add_report_parser,
    run_content_stats,
    run_forget,
    run_report,
)

if TYPE_CHECKING:
    from bot.engine import Reply

log = logging.getLogger("llmbot")


def _actor_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", default="console-user", help="user id (default console-user)")
    parser.add_argument("--name", default=None, help="display name (default: the user id)")
    parser.add_argument("--workspace", default="local", help="workspace id (default local)")
    parser.add_argument("--channel", default="console", help="channel id (default console)")
    parser.add_argument(
        "--member", action="store_true", help="act as an ordinary member, not an admin"
    )
    parser.add_argument(
        "--role",
        action="append",
        default=[],
        help="a role or user-group id the member has (repeatable; for linked teams)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="llmbot", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    console = sub.add_parser("console", help="chat with the bot in this terminal")
    _actor_arguments(console)

    ask = sub.add_parser("ask", help="run one command and print the reply")
    _actor_arguments(ask)
    ask.add_argument("--json", action="store_true", help="print the reply as one JSON object")
    ask.add_argument("text", help='the command, e.g. "/llm explain attention"')

    content = sub.add_parser("content", help="knowledge-base tools")
    content_sub = content.add_subparsers(dest="content_command", required=True)
    add_content_stats_parser(content_sub)
    check = content_sub.add_parser("check", help="validate content and print counts")
    check.add_argument("path", nargs="?", type=Path, help="content folder (default: shipped)")
    check.add_argument("--json", action="store_true")

    add_report_parser(sub)
    run = sub.add_parser("run", help="run the bot on Discord and/or Slack")
    run.add_argument(
        "platforms",
        nargs="*",
        help="discord and/or slack (default: every platform whose token is set)",
    )

    discord_tool = sub.add_parser("discord", help="Discord set-up: command sync, invite link")
    discord_sub = discord_tool.add_subparsers(dest="discord_command", required=True)
    sync = discord_sub.add_parser("sync", help="register the /llm commands with Discord")
    sync.add_argument("--guild", type=int, help="sync to this guild only (shows at once)")
    sync.add_argument("--clear", action="store_true", help="remove the commands there instead")
    discord_sub.add_parser("invite-url", help="print the link that adds the bot to a server")

    add_db_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings.from_env()
    except ConfigError as error:
        print(f"llmbot: configuration error: {error}", file=sys.stderr)
        return 2
    from bot.logs import configure

    quiet = args.command in ("console", "ask", "content", "report")
    configure("WARNING" if quiet else settings.log_level, settings.log_format, settings.secrets())
    try:
        if args.command == "content" and args.content_command == "stats":
            return run_content_stats(settings, args)
        if args.command == "report":
            return run_report(settings, args)
        if args.command == "db" and args.db_command == "forget":
            return run_forget(settings, args)
        if args.command == "content":
            return content_check(args.path or settings.content_path, as_json=args.json)
        if args.command == "ask":
            return asyncio.run(ask(settings, args))
        if args.command == "console":
            return asyncio.run(console(settings, args))
        if args.command == "db":
            return run_db(settings, args)
        if args.command == "run":
            return run_bot(settings, args.platforms)
        if args.command == "discord":
            return discord_tools(settings, args)
    except ContentInvalid as error:
        print(f"llmbot: refusing to start on invalid content.\n{error}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return _reader_gone()
    except Exception as error:
        if args.command != "ask":
            raise
        # A script calling `llmbot ask` wants one line it can log, not a traceback.
        log.debug("llmbot ask failed", exc_info=True)
        print(f"llmbot: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    return 2


def _reader_gone() -> int:
    """Output went to a pipe whose reader has left (`| head`): end quietly, as Unix tools do."""
    # Python flushes stdout again at exit; aim it at /dev/null so that flush cannot fail too.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 128 + signal.SIGPIPE


def _actor(args: argparse.Namespace) -> object:
    from bot.engine import Actor

    return Actor(
        platform="console",
        workspace=args.workspace,
        channel=args.channel,
        user=args.user,
        display_name=args.name or args.user,
        is_admin=not args.member,
        roles=tuple(args.role),
    )


async def ask(settings: Settings, args: argparse.Namespace) -> int:
    from bot.adapters.console import ConsolePoster, render_text
    from bot.adapters.typed_text import plain_text
    from bot.app import App
    from bot.engine import Actor

    actor = _actor(args)
    assert isinstance(actor, Actor)
    async with App(settings) as app:
        # `daily now` and `daily setup` need a poster; no scheduler runs here. Posts go to
        # stderr so that --json output stays one object.
        app.engine.posters.register("console", ConsolePoster(sys.stderr))
        text = args.text if args.text.lstrip().lower().startswith("/llm") else f"/llm {args.text}"
        reply = await app.engine.handle_text(actor, plain_text(text))
    if args.json:
        print(json.dumps(_with_files(reply), ensure_ascii=False))
    else:
        print(render_text(reply))
    sys.stdout.flush()  # here, so a reader that has gone is noticed inside main()
    return 0


def _with_files(reply: Reply) -> dict[str, Any]:
    """The reply as JSON; a picture made for it is written to a file in the system's temporary
    directory, and `image.path` says where."""
    from bot.pictures.picture import Picture

    out = reply.to_json()
    if isinstance(reply.image, Picture):
        out["image"]["path"] = _temporary(reply.image.png, f"llmbot-{reply.image.name}-", ".png")
    return out


def _temporary(data: bytes, prefix: str, suffix: str) -> str:
    # A fresh name each time: a predictable one in a shared /tmp could be planted first.
    with tempfile.NamedTemporaryFile(prefix=prefix, suffix=suffix, delete=False) as file:
        file.write(data)
    return file.name


async def console(settings: Settings, args: argparse.Namespace) -> int:
    from bot.adapters.console import run_console
    from bot.app import App, stop_event_on_signals
    from bot.engine import Actor

    actor = _actor(args)
    assert isinstance(actor, Actor)
    stopping = stop_event_on_signals()
    async with App(settings) as app:
        await run_console(app.engine, actor, stopping)
    return 0


def run_bot(settings: Settings, platforms: list[str]) -> int:
    from bot.runner import SERVICES, configured_platforms, run_platforms

    unknown = [p for p in platforms if p not in SERVICES]
    if unknown:
        print(f"llmbot: unknown platform {unknown[0]!r} (discord or slack)", file=sys.stderr)
        return 2
    try:
        asyncio.run(run_platforms(settings, platforms or configured_platforms(settings)))
    except ConfigError as error:
        print(f"llmbot: configuration error: {error}", file=sys.stderr)
        return 2
    return 0


def discord_tools(settings: Settings, args: argparse.Namespace) -> int:
    from bot.adapters.discord.sync import application_id, invite_url, sync_commands

    try:
        if args.discord_command == "invite-url":
            print(invite_url(application_id(settings.discord)))
            return 0
        names = asyncio.run(sync_commands(settings.discord, args.guild, clear=args.clear))
    except ConfigError as error:
        print(f"llmbot: configuration error: {error}", file=sys.stderr)
        return 2
    where = f"guild {args.guild}" if args.guild is not None else "every server (global)"
    listed = ", ".join(f"/{name}" for name in names) or "no commands"
    print(f"synced {listed} to {where}")
    return 0


def content_check(path: Path | None, *, as_json: bool) -> int:
    from bot.engine.labs.corpus import lab_check
    from bot.knowledge.check import check_content

    report = check_content(path, extra=(lab_check,))
    print(json.dumps(report.to_json()) if as_json else "\n".join(report.lines()))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
