"""A picture made at request time: PNG bytes in memory, named by their content hash.

The container's root file system is read-only and a generated picture is needed only while
its reply is sent, so pictures live in memory; the hash lets Slack reuse an upload and
gives every distinct picture its own file name.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.Image import Image as PilImage

MAX_WIDTH = 1600
MAX_BYTES = 500_000
# Discord caps an attachment's description at 1,024 characters; Slack's alt text is longer.
MAX_ALT = 1000


@dataclass(frozen=True, slots=True)
class Picture:
    """PNG bytes with their alt text; `digest` is the SHA-256 of the bytes."""

    name: str
    png: bytes = field(repr=False)
    alt: str
    width: int
    height: int
    digest: str

    @property
    def filename(self) -> str:
        return f"{self.name}-{self.digest[:12]}.png"


def short_alt(text: str, limit: int = MAX_ALT) -> str:
    """Alt text within what every platform accepts."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def picture(name: str, image: PilImage, alt: str) -> Picture:
    """Encode `image` as a PNG for chat: at most 1,600 px wide and 500 KB.

    A wider image is scaled down. Drawings of flat boxes and bars lose nothing visible in a
    256-colour palette, which makes the file a third of the size and the encoding fast.
    """
    from PIL import Image

    if image.width > MAX_WIDTH:
        height = round(image.height * MAX_WIDTH / image.width)
        image = image.resize((MAX_WIDTH, height), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.quantize(colors=256, method=Image.Quantize.FASTOCTREE).save(
        out, format="PNG", compress_level=6
    )
    png = out.getvalue()
    if len(png) > MAX_BYTES:
        raise ValueError(f"picture {name!r} is {len(png)} bytes, over {MAX_BYTES}")
    digest = hashlib.sha256(png).hexdigest()
    return Picture(name, png, short_alt(alt), image.width, image.height, digest)
