"""What the bot can do and teach: help, the topic list, and finding a topic by id or by name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.engine.grammar import USAGE
from bot.engine.payloads import TopicList
from bot.engine.reply import Field, Reply, ReplyKind, Visibility
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.search import TopicIndex

if TYPE_CHECKING:
    from bot.engine.packs.book import Shelf

HELP_LINES = {
    "explain": "a topic at three depths, with sources",
    "ask": "a question in your own words, answered from llmbot's notes with sources",
    "quiz": "a question anyone here can answer",
    "answer": "answer a quiz by letter (A-D) or number",
    "tokens": "see your text as a real tokenizer splits it (GPT-4o's; GPT-4's with --cl100k)",
    "sample": "watch temperature, top-k and top-p pick the next word, on a tiny model",
    "leaderboard": "who knows most (people or teams), this week, month or ever",
    "me": "your points, accuracy, rank, streak and topics mastered",
    "practice": "a private question at a time, spaced so you remember (or your mistakes)",
    "progress": "your learning record (`me`); admins: the team's (`show`) and a CSV (`export`)",
    "problem": "report a problem with a quiz question (the key is wrong, unclear…)",
    "forget-me": "delete what llmbot holds about you here (asks first)",
    "topics": "everything I can explain",
    "daily": "a question a day in this channel (admins set it up; `status` for anyone)",
    "team": "create, join or leave a team; `list` and `show` them",
    "settings": "the workspace's time zone and admin roles (admins)",
    "pack": "this workspace's own question packs: list and show them; admins import and remove",
    "help": "this message; `help scoring` for points, streaks and teams",
}


def find_topic(kb: KnowledgeBase, index: TopicIndex, text: str) -> str | None:
    """The topic `text` names: an exact topic id (as buttons and autocomplete send), else the
    best match of the words; None when no topic fits."""
    if text in kb.topics:
        return text
    match = index.resolve(text)
    return match.topic_id if match else None


def help_reply() -> Reply:
    body = "\n".join(f"- `{USAGE[name]}`: {text}" for name, text in HELP_LINES.items())
    return Reply(
        kind=ReplyKind.HELP,
        title="llmbot: learn how large language models work",
        body=body + "\n\nTry `/llm explain attention`, `/llm quiz` or `/llm tokens strawberry`.",
        visibility=Visibility.PRIVATE,
    )


def topics_reply(kb: KnowledgeBase, shelf: Shelf) -> Reply:
    """Every shipped topic by section, then the workspace's own packs if it has any."""
    fields = tuple(
        Field(section, "\n".join(f"`{t.id}` {t.title}" for t in kb.topics_in(section)))
        for section in kb.sections
    )
    packs = None
    if shelf.packs:
        from bot.engine.packs.replies import shelf_field

        packs = shelf_field(shelf)
    return Reply(
        kind=ReplyKind.TOPICS,
        title=f"{len(kb.topics)} topics I can explain",
        body=(
            "Ask with `/llm explain <topic>`; add `--short` or `--deep` for another depth. "
            "Try the labs too: `/llm tokens <text>` shows how a real tokenizer splits it, and "
            "`/llm sample <prompt>` shows temperature and top-p picking the next word."
        ),
        fields=fields if packs is None else (*fields, packs),
        visibility=Visibility.PRIVATE,
        payload=TopicList(
            topics={s: tuple(t.id for t in kb.topics_in(s)) for s in kb.sections},
            packs=tuple(sorted(shelf.packs)) or None,
        ),
    )
