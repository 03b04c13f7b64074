"""What `/llm pack …` shows: import reports, the list, one pack, the removal and its question."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime

from bot.engine.actions import PackRemoveAction, QuizAction, encode
from bot.engine.packs.book import PackInfo, Shelf
from bot.engine.packs.draft import ImportReport, PackTopic
from bot.engine.packs.ids import is_pack_name
from bot.engine.packs.limits import MAX_PACKS_PER_WORKSPACE
from bot.engine.packs.payloads import PackDetail, PackEntry, PackRemoval, PackReport, PackShelf
from bot.engine.packs.summary import summary_lines
from bot.engine.payloads import Explanation
from bot.engine.reply import Button, Field, Reply, ReplyKind, Style, Visibility, said
from bot.knowledge.models import DIFFICULTIES, Question

__all__ = [
    "confirm_reply",
    "detail_reply",
    "list_reply",
    "removed_reply",
    "report_reply",
    "shelf_field",
    "topic_reply",
    "upload_reply",
]

# Problems shown in chat; the terminal's `llmbot pack import` prints every one.
PROBLEMS_SHOWN = 10


def report_reply(
    report: ImportReport,
    *,
    dry_run: bool,
    stored: str | None,
    notes: Sequence[str] = (),
    limit: int | None = PROBLEMS_SHOWN,
) -> Reply:
    """The report of an import; the lines quote the file, so they are shown inert."""
    lines = [said(line) for line in summary_lines(report, limit=limit)]
    name = report.name
    if not report.ok:
        shown = name if is_pack_name(name) else said(name)
        kind, title = ReplyKind.PACK_INVALID, f"Pack {shown} not imported"
        lines.append("Nothing was imported. Fix the file and import it again.")
    elif dry_run:
        kind, title = ReplyKind.PACK_CHECKED, f"Pack {name} checked"
        lines.append("Dry run: nothing was imported.")
    else:
        kind = ReplyKind.PACK_IMPORTED
        title = f"Pack {name} {'replaced' if stored == 'replaced' else 'imported'}"
        lines.append(
            f"Quiz it with `/llm quiz --pack {name}`, or draw daily questions from it with "
            f"`/llm daily setup --packs {name}`."
        )
    return Reply(
        kind=kind,
        title=title,
        body="\n".join([*lines, *notes]),
        visibility=Visibility.PRIVATE,
        payload=PackReport(
            pack=name,
            format=report.format.value if report.format else None,
            dry_run=dry_run,
            stored=stored,
            questions=report.questions,
            converted=report.converted,
            skipped=sum(s.count for s in report.skipped),
            warnings=tuple(str(w) for w in report.warnings),
            errors=tuple(str(e) for e in report.errors),
        ),
    )


def upload_reply() -> Reply:
    """`/llm pack import` typed: where the file goes on each platform."""
    return Reply(
        kind=ReplyKind.PACK_UPLOAD,
        title="Import a question pack",
        body=(
            "Send the pack file (llmbot YAML, a Red-DiscordBot trivia list or Open Trivia DB "
            "JSON, at most 5 MB):\n"
            "- Discord: `/llm pack import` with the file attached\n"
            "- Slack: `/llm pack import` opens a form to upload it\n"
            "- a terminal: `llmbot pack import FILE --workspace KEY`"
        ),
        visibility=Visibility.PRIVATE,
    )


def _entry(info: PackInfo) -> PackEntry:
    return PackEntry(
        pack=info.name, title=info.title, questions=info.question_count, credit=info.credit.text
    )


def list_reply(shelf: Shelf) -> Reply:
    packs = sorted(shelf.packs.values(), key=lambda info: info.name)
    if not packs:
        return Reply(
            kind=ReplyKind.PACK_LIST,
            title="No question packs here yet",
            body="An admin can add the team's own questions with `/llm pack import`.",
            visibility=Visibility.PRIVATE,
            payload=PackShelf(packs=()),
        )
    lines = [
        f"- `{info.name}` {said(info.title)} · {info.question_count} questions"
        + (f" · {said(info.credit.text)}" if info.credit.text else "")
        for info in packs
    ]
    return Reply(
        kind=ReplyKind.PACK_LIST,
        title=f"{len(packs)} of {MAX_PACKS_PER_WORKSPACE} question packs",
        body="\n".join(lines),
        footer="Quiz one with /llm quiz --pack <name>; details with /llm pack show <name>",
        visibility=Visibility.PRIVATE,
        payload=PackShelf(packs=tuple(_entry(info) for info in packs)),
    )


def topic_handles(info: PackInfo) -> tuple[str, ...]:
    """The ids people type for a pack's topics: `pack.<name>` for a pack of one topic."""
    if len(info.topics) == 1:
        return (info.handle,)
    return tuple(topic.id for topic in info.topics)


def detail_reply(info: PackInfo, questions: Sequence[Question]) -> Reply:
    counts = Counter(q.difficulty for q in questions)
    levels: dict[str, int] = {level: counts[level] for level in DIFFICULTIES if counts[level]}
    imported = datetime.fromtimestamp(info.imported_at_ms / 1000, UTC).date().isoformat()
    handles = topic_handles(info)
    fields = [
        Field(
            "Topics",
            "\n".join(
                f"`{handle}` {said(topic.title)}"
                for handle, topic in zip(handles, info.topics, strict=True)
            ),
        ),
        Field("Questions", ", ".join(f"{n} {level}" for level, n in levels.items()), True),
        Field("Format", info.format.label, True),
    ]
    if info.credit.text or info.credit.author:
        credit = ", ".join(p for p in (info.credit.text, info.credit.author) if p)
        fields.append(Field("Credit", said(credit), True))
    return Reply(
        kind=ReplyKind.PACK_DETAIL,
        title=f"{said(info.title)} (pack {info.name})",
        body=said(info.description) if info.description else "",
        fields=tuple(fields),
        footer=f"Imported {imported} · quiz it with /llm quiz --pack {info.name}",
        visibility=Visibility.PRIVATE,
        payload=PackDetail(
            pack=info.name,
            title=info.title,
            format=info.format.value,
            credit=info.credit.text,
            topics=handles,
            difficulties=levels,
        ),
    )


def confirm_reply(info: PackInfo, version: int) -> Reply:
    return Reply(
        kind=ReplyKind.PACK_REMOVE_CONFIRM,
        title=f"Remove the pack {info.name}?",
        body=(
            f"Its {info.question_count} questions will no longer be asked here, in quizzes or "
            "daily questions. Past quizzes, answers and scores stay as they are."
        ),
        buttons=(Button(encode(PackRemoveAction(info.name, version)), "Remove it", Style.DANGER),),
        visibility=Visibility.PRIVATE,
        payload=PackRemoval(pack=info.name, confirm=True),
    )


def removed_reply(name: str, daily_channels: Sequence[str]) -> Reply:
    body = "Its questions are no longer asked; past quizzes, answers and scores are unchanged."
    if daily_channels:
        listed = ", ".join(f"`{channel}`" for channel in daily_channels)
        body += (
            f"\n\nDaily questions in {listed} drew from it: run `/llm daily setup --packs …` "
            "there to choose again."
        )
    return Reply(
        kind=ReplyKind.PACK_REMOVED,
        title=f"Pack {name} removed",
        body=body,
        visibility=Visibility.PRIVATE,
        payload=PackRemoval(pack=name, confirm=False),
    )


def topic_reply(info: PackInfo, topic: PackTopic, handle: str) -> Reply:
    """`/llm explain pack.<name>…`: a pack topic's title and short text, and a quiz on it."""
    return Reply(
        kind=ReplyKind.EXPLANATION,
        title=said(topic.title),
        body=said(topic.short),
        buttons=(Button(encode(QuizAction(topic.id)), "Quiz me", Style.SUCCESS),),
        footer=info.footer,
        payload=Explanation(topic_id=handle, depth="short", related=()),
    )


def shelf_field(shelf: Shelf) -> Field | None:
    """The workspace's packs as `/llm topics` lists them, with the ids to type."""
    lines = []
    for info in sorted(shelf.packs.values(), key=lambda i: i.name):
        for handle, topic in zip(topic_handles(info), info.topics, strict=True):
            lines.append(f"`{handle}` {said(topic.title)}")
    if not lines:
        return None
    return Field("This workspace's packs (quiz one with --pack <name>)", "\n".join(lines))
