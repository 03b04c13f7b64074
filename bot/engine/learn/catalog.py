"""What the bot can do and teach: help, the topic list, and finding a topic by id or by name."""

from __future__ import annotations

from bot.engine.grammar import USAGE
from bot.engine.payloads import TopicList
from bot.engine.reply import Field, Reply, ReplyKind, Visibility
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.search import TopicIndex

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
        body=body + "\n\nTry `/llm explain attention`, `/llm quiz` or "
        "`/llm tokens strawberry`.",
        visibility=Visibility.PRIVATE,
    )


def topics_reply(kb: KnowledgeBase) -> Reply:
    fields = tuple(
        Field(section, "\n".join(f"`{t.id}` {t.title}" for t in kb.topics_in(section)))
        for section in kb.sections
    )
    return Reply(
        kind=ReplyKind.TOPICS,
        title=f"{len(kb.topics)} topics I can explain",
        body=(
            "Ask with `/llm explain <topic>`; add `--short` or `--deep` for another depth. "
            "Try the labs too: `/llm tokens <text>` shows how a real tokenizer splits it, and "
            "`/llm sample <prompt>` shows temperature and top-p picking the next word."
        ),
        fields=fields,
        visibility=Visibility.PRIVATE,
        payload=TopicList(topics={s: tuple(t.id for t in kb.topics_in(s)) for s in kb.sections}),
    )
