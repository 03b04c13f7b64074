"""Pictures made at request time: chat-sized PNGs in memory, alt text with the same facts, and
every script drawn (a glyph the font lacks appears as its code point, never as a box)."""

from __future__ import annotations

import hashlib
import io

import pytest
from PIL import Image

from bot.pictures.bars import Series, bar_chart, percent
from bot.pictures.fonts import code_points, covered, drawable, font_path
from bot.pictures.picture import MAX_ALT, MAX_BYTES, MAX_WIDTH, picture
from bot.pictures.style import BLUE, ORANGE
from bot.pictures.token_boxes import TokenSection, token_boxes

ANY_SCRIPT = "日本語のテキスト مرحبا שלום Привет Γειά 👋🏽 e\u0301 ZWJ:👩\u200d💻 ∑ ␣"


def opened(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


def ink(image: Image.Image) -> int:
    """How many pixels are not white: a blank picture has none."""
    grey = image.convert("L")
    return sum(count for value, count in enumerate(grey.histogram()) if value < 200)


def test_the_font_draws_the_scripts_it_ships_for_and_not_cjk_or_emoji() -> None:
    have = covered()
    for ch in "Aé\u0301αжمש␣↵":
        assert ord(ch) in have, ch
    for ch in "日👋":
        assert ord(ch) not in have, ch


def test_cmap_reader_finds_the_glyphs_of_the_shipped_font() -> None:
    points = code_points(font_path().read_bytes())
    assert len(points) > 5000
    assert ord("ж") in points and 0x65E5 not in points


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("日", "U+65E5"),
        ("a日b", "a U+65E5 b"),
        ("日本", "U+65E5 U+672C"),
        ("👋🏽 hi", "U+1F44B U+1F3FD hi"),
        ("e\u0301", "e\u0301"),
        ("مرحبا", "مرحبا"),
    ],
)
def test_missing_glyphs_are_drawn_as_their_code_points(text: str, shown: str) -> None:
    assert drawable(text) == shown


def test_token_boxes_are_a_chat_sized_png_with_the_tokens_in_the_alt_text() -> None:
    made = token_boxes("“Hello, world!” in tokens",
                       [TokenSection("o200k_base · 4 tokens",
                                     [("Hello", 13225), (",", 11), ("␣world", 2375), ("!", 0)])])
    image = opened(made.png)
    assert image.format == "PNG"
    assert (image.width, image.height) == (made.width, made.height)
    assert made.width <= MAX_WIDTH and len(made.png) <= MAX_BYTES
    assert ink(image) > 2000
    for part in ("“Hello” 13225", "“,” 11", "“␣world” 2375", "“!” 0", "o200k_base"):
        assert part in made.alt
    assert made.digest == hashlib.sha256(made.png).hexdigest()
    assert made.filename == f"tokens-{made.digest[:12]}.png"


def test_the_same_tokens_make_the_same_picture_and_other_tokens_another() -> None:
    section = TokenSection("o200k_base", [("a", 64)])
    assert token_boxes("t", [section]).digest == token_boxes("t", [section]).digest
    assert token_boxes("t", [section]).digest != token_boxes("u", [section]).digest


def test_text_in_any_script_renders() -> None:
    tokens = [(piece, i) for i, piece in enumerate(ANY_SCRIPT.split(" "))]
    tokens.append(("<0xF0><0x9F><0x91>", 28823))
    made = token_boxes(ANY_SCRIPT, [TokenSection(ANY_SCRIPT, tokens)])
    assert ink(opened(made.png)) > 2000
    assert "日本語のテキスト" in made.alt


def test_two_hundred_long_tokens_stay_within_the_limits() -> None:
    tokens = [(f"␣token{i}" * 3, 100_000 + i) for i in range(200)]
    tokens[7] = ("␣" * 400, 7)  # wider than the picture: cut with an ellipsis
    made = token_boxes("Long text", [TokenSection("o200k_base", tokens, hidden=1234),
                                     TokenSection("cl100k_base", tokens, hidden=99)])
    assert made.width <= MAX_WIDTH and len(made.png) <= MAX_BYTES
    assert len(made.alt) <= MAX_ALT
    assert "o200k_base: “␣token0␣token0␣token0” 100000, " in made.alt
    assert ", and 1,4" in made.alt and made.alt.endswith(" more.")


def test_a_wide_picture_is_scaled_to_chat_width() -> None:
    made = picture("wide", Image.new("RGB", (3200, 400), "white"), "a wide picture")
    assert (made.width, made.height) == (MAX_WIDTH, 200)


def test_bar_chart_alt_text_lists_every_value() -> None:
    made = bar_chart(
        "Next word after “the transformer”",
        [".", "with", "日本"],
        [Series("temperature 1", [0.23, 0.06, 0.0004]), Series("temperature 0.5", [0.75, 0.05, 0])],
        subtitle="a tiny model",
    )
    image = opened(made.png)
    assert made.width <= MAX_WIDTH and len(made.png) <= MAX_BYTES
    assert ink(image) > 1000
    assert made.alt == (
        "Next word after “the transformer”. a tiny model. "
        ".: temperature 1 23%, temperature 0.5 75%; "
        "with: temperature 1 6.0%, temperature 0.5 5.0%; "
        "日本: temperature 1 <0.1%, temperature 0.5 0%."
    )


def test_longer_bars_for_larger_values() -> None:
    made = bar_chart("t", ["small", "large"], [Series("s", [0.1, 0.9])])
    image = opened(made.png).convert("RGB")
    middle = image.width // 2
    rows = [y for y in range(image.height) if min(image.getpixel((middle, y))) < 200]  # type: ignore[arg-type]
    assert rows, "the large bar crosses the middle of the chart"
    assert min(rows) > image.height // 2 - 20, "and it is the second, lower bar"


def test_bar_chart_refuses_series_of_the_wrong_length() -> None:
    with pytest.raises(ValueError, match="2 values for 3 labels"):
        bar_chart("t", ["a", "b", "c"], [Series("s", [1.0, 2.0])])


def test_row_colours_set_groups_of_rows_apart() -> None:
    made = bar_chart("t", ["a", "b"], [Series("s", [1.0, 1.0])], row_colours=[BLUE, ORANGE])
    image = opened(made.png).convert("RGB")
    middle = image.width // 2
    column = [image.getpixel((middle, y)) for y in range(image.height)]

    def near(colour: tuple[int, int, int]) -> bool:
        return any(
            isinstance(p, tuple) and max(abs(a - b) for a, b in zip(p, colour, strict=False)) < 12
            for p in column
        )

    assert near(BLUE) and near(ORANGE)
    with pytest.raises(ValueError, match="one colour per label"):
        bar_chart("t", ["a", "b"], [Series("s", [1.0, 2.0])], row_colours=[BLUE])


@pytest.mark.parametrize(
    ("value", "text"), [(0, "0%"), (0.0004, "<0.1%"), (0.061, "6.1%"), (0.5, "50%")]
)
def test_percent(value: float, text: str) -> None:
    assert percent(value) == text


def test_a_short_text_makes_a_narrow_picture_and_a_long_one_a_wide_picture() -> None:
    short = token_boxes("Hi", [TokenSection("o200k_base", [("Hi", 12194)])])
    long = token_boxes("Many", [TokenSection("o200k_base", [("␣word", 2195)] * 60)])
    assert 480 <= short.width < long.width <= 1200
