"""An import report as lines of text: what `--dry-run`, the CLI and chat replies show."""

from __future__ import annotations

from collections.abc import Sequence

from bot.engine.packs.draft import ImportReport, Place, Problem

__all__ = ["summary_lines"]

PLACES_SHOWN = 5


def summary_lines(report: ImportReport, *, limit: int | None = None) -> list[str]:
    """Counts, conversions, skips, then every warning and error (the first `limit` of each)."""
    lines: list[str] = []
    if report.format is not None and report.ok:
        levels = ", ".join(f"{count} {level}" for level, count in report.difficulties)
        lines.append(f"{report.questions} question{'s' * (report.questions != 1)}: {levels}")
        lines.append(f"Format: {report.format.label}")
        if report.topics:
            lines.append(f"Topics: {', '.join(report.topics)}")
        if report.credit:
            lines.append(f"Credit: {report.credit}")
    if report.converted:
        lines.append(
            f"{report.converted} turned into multiple choice, with wrong options drawn from "
            "other answers in the list of the same kind and length"
        )
    for skipped in report.skipped:
        lines.append(f"{skipped.count} skipped {skipped.reason} ({_places(skipped.places)})")
    lines += _listed("warning", report.warnings, limit)
    lines += _listed("problem", report.errors, limit)
    return lines


def _listed(noun: str, problems: Sequence[Problem], limit: int | None) -> list[str]:
    if not problems:
        return []
    shown = problems if limit is None else problems[:limit]
    more = len(problems) - len(shown)
    lines = [f"{len(problems)} {noun}{'s' * (len(problems) != 1)}:"]
    lines += [f"- {problem}" for problem in shown]
    if more:
        lines.append(f"- … and {more} more")
    return lines


def _places(places: Sequence[Place]) -> str:
    """ "lines 3, 5, 7, …" or "results[2], results[9]"."""
    first = places[:PLACES_SHOWN]
    if all(place.line is not None for place in first):
        shown = f"line{'s' * (len(places) > 1)} " + ", ".join(str(p.line) for p in first)
    else:
        shown = ", ".join(str(place) for place in first)
    return shown + (", …" if len(places) > PLACES_SHOWN else "")
