"""`llmbot pack`: import, list, show and remove a workspace's question packs from a terminal.

The operator acts as an admin of the workspace named by its stored key
(`discord:<guild id>`, `slack:<team id>`, `console:<workspace>`); the engine does the
work exactly as for `/llm pack` in chat, and prints every problem of a file, not only the
first ones.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

from bot.config import Settings

PLATFORMS = ("discord", "slack", "console")
OPERATOR = "llmbot-cli"
# Replies that mean the command did what was asked; anything else exits 1.
DONE = {"pack_imported", "pack_checked", "pack_list", "pack_detail", "pack_removed"}


def add_pack_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    pack = sub.add_parser("pack", help="a workspace's question packs: import, list, show, remove")
    pack_sub = pack.add_subparsers(dest="pack_command", required=True)
    workspace = {
        "required": True,
        "metavar": "KEY",
        "help": "the workspace as stored: discord:<guild id>, slack:<team id> or console:<name>",
    }
    importing = pack_sub.add_parser(
        "import", help="validate a llmbot, Red-DiscordBot or Open Trivia DB file and store it"
    )
    importing.add_argument("file", type=Path)
    importing.add_argument("--workspace", **workspace)  # type: ignore[arg-type]
    importing.add_argument("--name", help="the pack's name (default: the file's name)")
    importing.add_argument("--license", help="the licence to credit (default: the file's)")
    importing.add_argument("--replace", action="store_true", help="replace a pack of that name")
    importing.add_argument(
        "--dry-run", action="store_true", help="only validate and report; store nothing"
    )
    listing = pack_sub.add_parser("list", help="the workspace's packs")
    listing.add_argument("--workspace", **workspace)  # type: ignore[arg-type]
    for name, text in (("show", "one pack: topics, questions, credit"), ("remove", "remove one")):
        one = pack_sub.add_parser(name, help=text)
        one.add_argument("name")
        one.add_argument("--workspace", **workspace)  # type: ignore[arg-type]
    for command in pack_sub.choices.values():
        command.add_argument("--json", action="store_true", help="print the reply as JSON")


def run_pack(settings: Settings, args: argparse.Namespace) -> int:
    platform, _, workspace = args.workspace.partition(":")
    if platform not in PLATFORMS or not workspace:
        print(
            f"llmbot pack: {args.workspace!r} is not a workspace key "
            "(discord:<guild id>, slack:<team id> or console:<name>)",
            file=sys.stderr,
        )
        return 2
    if args.pack_command == "import" and not args.file.is_file():
        print(f"llmbot pack: no file {args.file}", file=sys.stderr)
        return 2
    return asyncio.run(_run(settings, args, platform, workspace))


async def _run(settings: Settings, args: argparse.Namespace, platform: str, workspace: str) -> int:
    from bot.adapters.console import render_text
    from bot.app import App
    from bot.engine import Actor
    from bot.engine.grammar import Command, PackImport, PackList, PackRemove, PackShow
    from bot.engine.packs import MAX_FILE_BYTES

    actor = Actor(platform, workspace, "cli", OPERATOR, OPERATOR, is_admin=True)
    async with App(settings) as app:
        engine = app.engine
        if args.pack_command == "import":
            size = args.file.stat().st_size
            content = args.file.read_bytes() if size <= MAX_FILE_BYTES else None
            command: Command = PackImport(
                args.file.name,
                content,
                size,
                name=args.name,
                license=args.license,
                replace=args.replace,
                dry_run=args.dry_run,
                all_problems=True,
            )
        elif args.pack_command == "list":
            command = PackList()
        elif args.pack_command == "show":
            command = PackShow(args.name)
        else:
            # Typing the command is the operator's confirmation: remove at the current version.
            version = await app.store.pack_version(actor.workspace_key)
            command = PackRemove(args.name, version)
        reply = await engine.run(actor, command)
    print(json.dumps(reply.to_json(), ensure_ascii=False) if args.json else render_text(reply))
    return 0 if reply.kind in DONE else 1
