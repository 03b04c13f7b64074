"""Light markup to Slack mrkdwn, with every control character from the text escaped first."""

from __future__ import annotations

import re

from bot.adapters.member_text import ZWSP, defuse, map_spans
from bot.adapters.splitting import split_lines

_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_CONTROL = re.compile(r"[&<>]")
_ENTITY = re.compile(r"&(amp|lt|gt);")
_CODE = re.compile(r"(`[^`\n]+`)")
_LINK_OR_URL = re.compile(r"\[([^\]\n]+)\]\((https?://[^\s)]+)\)|(https?://[^\s<>()\[\]`\x02]+)")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![*\w])")
_BULLET = re.compile(r"^([ \t]*)- ", re.MULTILINE)
# Slack has no escape for its formatting characters: a zero-width space beside each stops them.
_FORMATTING = re.compile(r"[*_~`]")
_MEMBER_TOKEN = "\x02{}\x02"
_MEMBER_TOKEN_RE = re.compile(r"\x02(\d+)\x02")
_TOKEN = "\x00{}\x00"
_TOKEN_RE = re.compile(r"\x00(\d+)\x00")
_BOLD_MARK = "\x01"
ELLIPSIS = "…"


def escape(text: str) -> str:
    """Neutralise `&`, `<` and `>` so no text can form `<!channel>`, `<@U…>` or a link."""
    return _CONTROL.sub(lambda m: _ESCAPES[m.group()], text)


def inert(text: str) -> str:
    """Member text as mrkdwn that shows exactly what they typed: no link, mention or format."""
    return _FORMATTING.sub(lambda m: ZWSP + m.group() + ZWSP, defuse(escape(text)))


def escape_marked(text: str) -> str:
    """`escape` for our text, `inert` for the member spans in it."""
    return map_spans(text, inert, escape)


def plain_text(text: str) -> str:
    """Text for Slack's plain_text fields: no markup is rendered there, but links still form."""
    return map_spans(text, defuse, lambda ours: ours)


def unescape(text: str) -> str:
    """Slack sends typed text with the three control characters escaped; the engine wants it raw."""
    return _ENTITY.sub(lambda m: {"amp": "&", "lt": "<", "gt": ">"}[m.group(1)], text)


def link(url: str, label: str | None = None) -> str:
    """A Slack link whose URL and label may come from untrusted text."""
    # A `|` would end the URL part of Slack's link syntax early.
    safe_url = escape(url).replace("|", "%7C")
    return f"<{safe_url}|{escape(label)}>" if label else f"<{safe_url}>"


def _inline(text: str) -> str:
    tokens: list[str] = []

    def keep(rendered: str) -> str:
        tokens.append(rendered)
        return _TOKEN.format(len(tokens) - 1)

    def links(match: re.Match[str]) -> str:
        label, url, bare = match.groups()
        if url:
            return keep(link(url, label))
        address = bare.rstrip(".,;:!?'\"")
        return keep(link(address)) + bare[len(address) :]

    text = _LINK_OR_URL.sub(links, text)
    text = escape(text)
    text = _BOLD.sub(lambda m: f"{_BOLD_MARK}{m.group(1)}{_BOLD_MARK}", text)
    text = _ITALIC.sub(r"_\1_", text)
    text = text.replace(_BOLD_MARK, "*")
    return _TOKEN_RE.sub(lambda m: tokens[int(m.group(1))], text)


def to_mrkdwn(text: str) -> str:
    """Convert `**b**`, `*i*`, `` `c` ``, `- ` bullets and `[t](u)` links; code stays literal."""
    text = text.replace(_BOLD_MARK, "").replace("\x00", "").replace("\x02", "")
    members: list[str] = []

    def keep(span: str) -> str:
        members.append(inert(span))
        return _MEMBER_TOKEN.format(len(members) - 1)

    text = map_spans(text, keep, lambda ours: ours)
    parts = _CODE.split(text)
    out = [escape(part) if part.startswith("`") else _inline(part) for part in parts]
    rendered = _BULLET.sub(r"\1• ", "".join(out))
    return _MEMBER_TOKEN_RE.sub(lambda m: members[int(m.group(1))], rendered)


def clip(text: str, limit: int) -> str:
    """Plain text cut to `limit` characters, marked with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS


def _safe_cut(line: str, limit: int) -> int:
    """The last space before `limit` outside `<…>` and `&…;`, or a hard cut that avoids both."""
    depth = 0
    best = -1
    for index, char in enumerate(line[:limit]):
        if char == "<":
            depth += 1
        elif char == ">":
            depth = max(0, depth - 1)
        elif char == " " and depth == 0:
            best = index
    if best > 0:
        return best
    cut = limit
    opening = line.rfind("<", 0, cut)
    if opening > line.rfind(">", 0, cut) and opening > 0:
        cut = opening
    amp = line.rfind("&", max(0, cut - 5), cut)
    if amp > 0 and ";" not in line[amp:cut]:
        cut = amp
    return max(cut, 1)


def chunks(text: str, limit: int) -> list[str]:
    """Split mrkdwn into pieces of at most `limit` characters, at line breaks where possible."""
    return split_lines(text, limit, _safe_cut)


def shorten(text: str, limit: int) -> str:
    """Mrkdwn cut to `limit` characters without breaking a link or an entity."""
    if len(text) <= limit:
        return text
    first = chunks(text, limit - 1)
    return (first[0] if first else "") + ELLIPSIS
