"""What a token looks like to a person: its text, or the bytes that are not a whole character."""

from __future__ import annotations

from dataclasses import dataclass

# Whitespace made visible, so "␣world" shows that the space belongs to the token.
_VISIBLE = str.maketrans({" ": "␣", "\n": "↵", "\t": "⇥", "\r": "␍"})


@dataclass(frozen=True, slots=True)
class Token:
    """One token: its id in the encoding and its text (`<0xE2>` for a byte of a split character)."""

    id: int
    text: str

    @property
    def shown(self) -> str:
        """The text with spaces as `␣` and line breaks and tabs as symbols."""
        return visible(self.text)


def visible(text: str) -> str:
    return text.translate(_VISIBLE)


def token_text(raw: bytes) -> str:
    """The token's bytes as text; a byte that is only part of a UTF-8 character (byte-level BPE
    splits emoji and many scripts mid-character) becomes `<0xE2>`."""
    parts: list[str] = []
    rest = raw
    while rest:
        try:
            parts.append(rest.decode("utf-8"))
            break
        except UnicodeDecodeError as error:
            parts.append(rest[: error.start].decode("utf-8"))
            parts.extend(f"<0x{byte:02X}>" for byte in rest[error.start : error.end])
            rest = rest[error.end :]
    return "".join(parts)
