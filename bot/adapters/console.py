"""A terminal chat that runs the same commands as Discord and Slack, with no token.

`ConsoleChat` is also the main test harness: a test reads like a chat,
`await chat.say("/llm explain attention")`, and asserts on the `Reply`.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import re
import stat
import sys
import uuid
from collections.abc import AsyncIterator, Callable
from typing import TextIO

from bot.adapters.member_text import map_spans, unmarked
from bot.adapters.typed_text import plain_text
from bot.engine import Actor, Engine, Reply
from bot.engine.daily.ports import PostTarget
from bot.engine.payloads import QuizCard
from bot.engine.practice.payloads import PracticeCard
from bot.engine.reply import Image
from bot.pictures.picture import Picture

PROMPT = "you> "
# A terminal shows no picture: its alt text says what it shows, the start of it is enough.
PICTURE_ALT = 160
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)]+)\)")


def render_text(reply: Reply, *, color: bool = False) -> str:
    """A reply as terminal text; bold becomes ANSI bold when the terminal supports it."""

    def ours(text: str) -> str:
        text = _LINK.sub(r"\1 <\2>", text)
        return _BOLD.sub("\033[1m\\1\033[0m" if color else r"\1", text)

    def style(text: str) -> str:
        return map_spans(text, lambda member: member, ours)

    lines = [style(f"**{reply.title}**")]
    if reply.body:
        lines.append(style(reply.body))
    for field in reply.fields:
        lines.append(style(f"**{field.name}**\n{field.value}"))
    if isinstance(reply.image, Image):
        lines.append(f"[figure: {reply.image.alt} ({reply.image.path.name})]")
    elif isinstance(reply.image, Picture):
        alt = reply.image.alt
        alt = alt if len(alt) <= PICTURE_ALT else alt[: PICTURE_ALT - 1] + "…"
        lines.append(f"[picture {reply.image.filename}: {alt}]")
    if reply.attachment is not None:
        count = reply.attachment.content.count(b"\n")
        lines.append(f"[attached: {reply.attachment.filename}, {count:,} lines]")
    if reply.sources:
        lines.append("Sources:\n" + "\n".join(f"- {s.label} <{s.url}>" for s in reply.sources))
    if reply.buttons:
        lines.append("Buttons: " + " · ".join(f"[{unmarked(b.label)}]" for b in reply.buttons))
    if reply.menu:
        lines.append("Related: " + ", ".join(unmarked(o.label) for o in reply.menu))
    if reply.footer:
        lines.append(unmarked(reply.footer))
    if reply.private:
        lines.append("(only you can see this)")
    return "\n\n".join(lines)


class ConsoleChat:
    """One member talking to the engine; remembers the last reply's buttons.

    Typing a button's label (``deeper``, ``quiz me``) or, for a quiz, its letter
    or number presses it, the way a click would in Discord or Slack.
    """

    def __init__(self, engine: Engine, actor: Actor) -> None:
        self.engine = engine
        self.actor = actor
        self._buttons: dict[str, str] = {}

    def as_user(
        self,
        user: str,
        display_name: str | None = None,
        *,
        is_admin: bool = False,
        roles: tuple[str, ...] = (),
        channel: str | None = None,
        workspace: str | None = None,
    ) -> ConsoleChat:
        """The same chat seen by another member (shares nothing but the engine)."""
        actor = Actor(
            platform=self.actor.platform,
            workspace=workspace or self.actor.workspace,
            channel=channel or self.actor.channel,
            user=user,
            display_name=display_name or user,
            is_admin=is_admin,
            roles=roles,
        )
        return ConsoleChat(self.engine, actor)

    async def say(self, text: str) -> Reply:
        stripped = text.strip()
        action_id = self._buttons.get(stripped.lower())
        if action_id is not None and not stripped.lower().startswith("/llm"):
            reply = await self.engine.press(self.actor, action_id)
        else:
            command = stripped if stripped.lower().startswith("/llm") else f"/llm {stripped}"
            reply = await self.engine.handle_text(self.actor, plain_text(command))
        self.remember(reply)
        return reply

    async def press(self, action_id: str) -> Reply:
        reply = await self.engine.press(self.actor, action_id)
        self.remember(reply)
        return reply

    def remember(self, reply: Reply) -> None:
        """Make a reply's buttons typeable: a command's reply, or a daily post in the channel."""
        if not reply.buttons:
            return
        self._buttons = {}
        for position, button in enumerate(reply.buttons, start=1):
            label = button.label.lower()
            self._buttons[label] = button.action_id
            if isinstance(reply.payload, QuizCard | PracticeCard):
                self._buttons[label.split(".", 1)[0]] = button.action_id
                self._buttons[str(position)] = button.action_id


class ConsolePoster:
    """Prints daily questions, reveals and recaps; implements the optional parts of the
    poster interface too (edit, private notice), so the console shows everything."""

    def __init__(
        self, out: TextIO = sys.stdout, on_post: Callable[[Reply], None] | None = None
    ) -> None:
        self.out = out
        self.on_post = on_post
        self._refs = itertools.count(1)
        self._prefix = uuid.uuid4().hex[:6]

    def _print(self, header: str, reply: Reply) -> None:
        self.out.write(f"--- {header} ---\n{render_text(reply)}\n\n")
        self.out.flush()

    async def post(self, target: PostTarget, reply: Reply) -> str:
        ref = f"console-{self._prefix}-{next(self._refs)}"
        self._print(f"posted in #{target.channel}", reply)
        if self.on_post is not None:
            self.on_post(reply)
        return ref

    async def check(self, target: PostTarget) -> None:
        return None

    async def edit(self, target: PostTarget, message_ref: str, reply: Reply) -> None:
        self._print(f"edited {message_ref} in #{target.channel}", reply)

    async def notify(self, target: PostTarget, user_id: str, reply: Reply) -> None:
        self._print(f"only {user_id} sees this, in #{target.channel}", reply)


async def _input_lines() -> AsyncIterator[str]:
    """Lines from standard input without a reader thread, so exit never waits on a read."""
    if stat.S_ISREG(os.fstat(sys.stdin.fileno()).st_mode):
        for line in sys.stdin:
            yield line
        return
    reader = asyncio.StreamReader()
    loop = asyncio.get_running_loop()
    transport, _ = await loop.connect_read_pipe(
        lambda: asyncio.StreamReaderProtocol(reader), sys.stdin
    )
    try:
        while line := await reader.readline():
            yield line.decode("utf-8", errors="replace")
    finally:
        transport.close()


async def run_console(
    engine: Engine, actor: Actor, stopping: asyncio.Event, out: TextIO = sys.stdout
) -> None:
    """Chat until Ctrl-D, Ctrl-C or SIGTERM, with the daily scheduler posting here."""
    interactive = out.isatty()
    chat = ConsoleChat(engine, actor)
    engine.posters.register(actor.platform, ConsolePoster(out, on_post=chat.remember))
    scheduling = asyncio.Event()
    scheduler = asyncio.ensure_future(engine.scheduler.run(scheduling))
    out.write(
        "llmbot console. Try /llm explain attention, /llm quiz, /llm help. Ctrl-D to quit.\n"
    )

    async def converse() -> None:
        if interactive:
            out.write(PROMPT)
        out.flush()
        async for line in _input_lines():
            if line.strip():
                reply = await chat.say(line)
                out.write(render_text(reply, color=interactive) + "\n\n")
            if interactive:
                out.write(PROMPT)
            out.flush()

    talking = asyncio.ensure_future(converse())
    stop_wait = asyncio.ensure_future(stopping.wait())
    try:
        await asyncio.wait({talking, stop_wait}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in (talking, stop_wait):
            task.cancel()
        scheduling.set()
        engine.scheduler.wake()
        await asyncio.gather(talking, stop_wait, scheduler, return_exceptions=True)
        engine.posters.unregister(actor.platform)
        out.write("bye\n")
        out.flush()
