"""Renders a `Reply` as a Block Kit message that fits every Slack limit in LIMITS.md."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.adapters.slack.mrkdwn import (
    chunks,
    clip,
    escape_marked,
    link,
    plain_text,
    shorten,
    to_mrkdwn,
)
from bot.engine import Button, MenuOption, Reply, Style

MAX_BLOCKS = 50
MAX_HOME_BLOCKS = 100
HEADER_TEXT = 150
SECTION_TEXT = 3000
FIELD_TEXT = 2000
MAX_FIELDS = 10
CONTEXT_ELEMENTS = 10
CONTEXT_TEXT = 2000
ACTION_ELEMENTS = 25
BUTTON_TEXT = 75
ACTION_ID = 255
OPTION_TEXT = 75
OPTION_VALUE = 150
MAX_OPTIONS = 100
PLACEHOLDER = 150
ALT_TEXT = 2000
IMAGE_URL = 3000
MESSAGE_TEXT = 40_000
SOURCE_LABEL = 300

MENU_ACTION_ID = "llm:menu"

Block = dict[str, Any]

_STYLES = {Style.PRIMARY: "primary", Style.SUCCESS: "primary", Style.DANGER: "danger"}


@dataclass(frozen=True, slots=True)
class SlackMessage:
    """`text` is the notification fallback; `blocks` is what members see."""

    text: str
    blocks: list[Block] = field(default_factory=list)

    @property
    def has_image(self) -> bool:
        return any(block["type"] == "image" for block in self.blocks)

    def without_image(self) -> SlackMessage:
        return SlackMessage(self.text, [b for b in self.blocks if b["type"] != "image"])


def plain(text: str, limit: int) -> dict[str, Any]:
    """Plain text has no control syntax in Slack, so it cannot mention anyone; it is only cut."""
    return {"type": "plain_text", "text": clip(plain_text(text), limit) or " ", "emoji": True}


def mrkdwn(text: str) -> dict[str, Any]:
    # verbatim: Slack would otherwise turn a typed "@here" or "#channel" into a live mention.
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def section(text: str) -> Block:
    return {"type": "section", "text": mrkdwn(text)}


def header(title: str) -> Block:
    return {"type": "header", "text": plain(title, HEADER_TEXT)}


def button(item: Button) -> Block | None:
    if len(item.action_id) > ACTION_ID or not item.action_id:
        return None
    element: Block = {
        "type": "button",
        "text": plain(item.label, BUTTON_TEXT),
        "action_id": item.action_id,
        "value": item.action_id,
    }
    style = _STYLES.get(item.style)
    if style:
        element["style"] = style
    return element


def select(options: tuple[MenuOption, ...], placeholder: str) -> Block | None:
    """A static menu whose option values are the engine's action ids."""
    seen: set[str] = set()
    rendered = []
    for option in options:
        if option.action_id in seen or len(option.action_id) > OPTION_VALUE:
            continue
        seen.add(option.action_id)
        rendered.append({"text": plain(option.label, OPTION_TEXT), "value": option.action_id})
    if not rendered:
        return None
    return {
        "type": "static_select",
        "action_id": MENU_ACTION_ID,
        "placeholder": plain(placeholder or "Related topics", PLACEHOLDER),
        "options": rendered[:MAX_OPTIONS],
    }


def actions(reply: Reply) -> Block | None:
    elements: list[Block] = []
    seen: set[str] = set()
    menu = select(reply.menu, reply.menu_placeholder) if reply.menu else None
    room = ACTION_ELEMENTS - (1 if menu else 0)
    for item in reply.buttons:
        rendered = button(item)
        # Slack refuses a message in which two elements share an action_id.
        if rendered is None or item.action_id in seen or len(elements) >= room:
            continue
        seen.add(item.action_id)
        elements.append(rendered)
    if menu:
        elements.append(menu)
    return {"type": "actions", "elements": elements} if elements else None


def image(alt: str, source: Mapping[str, Any]) -> Block | None:
    url = source.get("image_url")
    if url is not None and len(url) > IMAGE_URL:
        return None
    return {"type": "image", "alt_text": clip(alt, ALT_TEXT) or "diagram", **source}


def context(texts: list[str]) -> Block:
    return {
        "type": "context",
        "elements": [mrkdwn(shorten(t, CONTEXT_TEXT)) for t in texts[:CONTEXT_ELEMENTS]],
    }


def sources(reply: Reply) -> Block | None:
    if not reply.sources:
        return None
    links = [link(s.url, clip(s.label, SOURCE_LABEL)) for s in reply.sources]
    if len(links) > CONTEXT_ELEMENTS:
        extra = len(links) - (CONTEXT_ELEMENTS - 1)
        links = [*links[: CONTEXT_ELEMENTS - 1], f"and {extra} more"]
    links[0] = f"*Sources:* {links[0]}"
    return context(links)


def _field_text(name: str, value: str) -> str:
    return shorten(f"*{escape_marked(name)}*\n{to_mrkdwn(value)}", FIELD_TEXT)


def content_blocks(reply: Reply) -> list[Block]:
    """The body and fields: inline fields side by side, the others as their own sections."""
    blocks = [section(piece) for piece in chunks(to_mrkdwn(reply.body), SECTION_TEXT)]
    inline = [f for f in reply.fields if f.inline]
    for start in range(0, len(inline), MAX_FIELDS):
        group = inline[start : start + MAX_FIELDS]
        blocks.append(
            {"type": "section", "fields": [mrkdwn(_field_text(f.name, f.value)) for f in group]}
        )
    for item in reply.fields:
        if not item.inline:
            text = f"*{escape_marked(item.name)}*\n{to_mrkdwn(item.value)}"
            blocks.extend(section(piece) for piece in chunks(text, SECTION_TEXT))
    return blocks


def fit(content: list[Block], room: int) -> list[Block]:
    """Keep what fits in `room` blocks; the last kept one says that the rest was cut."""
    if len(content) <= room:
        return content
    if room <= 0:
        return []
    kept = content[: room - 1]
    kept.append(section("_…shortened to fit in one Slack message._"))
    return kept


def render(reply: Reply, image_source: Mapping[str, Any] | None = None) -> SlackMessage:
    """The whole message; `image_source` is `{"slack_file": …}` or `{"image_url": …}`."""
    top = [header(reply.title)] if reply.title.strip() else []
    bottom: list[Block] = []
    if reply.image is not None and image_source is not None:
        figure = image(reply.image.alt, image_source)
        if figure is not None:
            bottom.append(figure)
    for extra in (sources(reply), actions(reply)):
        if extra is not None:
            bottom.append(extra)
    if reply.footer:
        bottom.append(context([to_mrkdwn(reply.footer)]))
    middle = fit(content_blocks(reply), MAX_BLOCKS - len(top) - len(bottom))
    return SlackMessage(text=fallback_text(reply), blocks=top + middle + bottom)


def fallback_text(reply: Reply) -> str:
    """What notifications and screen readers show before the blocks load."""
    summary = reply.title.strip() or reply.body.strip().split("\n", 1)[0]
    return shorten(escape_marked(summary), MESSAGE_TEXT) or "llmbot"
