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
    "leaderboard": "who knows most (people or teams), this week, month or ever",
    "me": "your points, accuracy, rank and streak",
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
        body=body + "\n\nTry `/llm explain attention` or `/llm quiz`.",
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
        body="Ask with `/llm explain <topic>`; add `--short` or `--deep` for another depth.",
        fields=fields,
        visibility=Visibility.PRIVATE,
        payload=TopicList(topics={s: tuple(t.id for t in kb.topics_in(s)) for s in kb.sections}),
    )
