"""Bad pack files are refused whole, each problem named with its line or item, no draft made."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.engine.packs import MAX_FILE_BYTES, PackReading
from bot.knowledge import KnowledgeBase
from tests.packs.conftest import Read


def refused(reading: PackReading) -> list[str]:
    assert reading.draft is None, "a pack with an error must not produce anything to store"
    assert not reading.report.ok
    return [str(problem) for problem in reading.report.errors]


def red_rows(count: int) -> str:
    return "".join(f"Question number {n}?:\n- Answer {n}\n" for n in range(count))


def llmbot_question(stem: str, right: str = "Right", extra: str = "") -> str:
    return (
        "  - difficulty: easy\n"
        "    type: choice\n"
        f"    stem: {stem}\n"
        f"{extra}"
        "    options:\n"
        f"      - text: {right}\n"
        "        correct: true\n"
        "        why: Because.\n"
        "      - text: Wrong one\n"
        "        why: Tempting.\n"
        "      - text: Wrong two\n"
        "        why: Also tempting.\n"
    )


def otdb(*items: dict[str, object]) -> str:
    return json.dumps({"response_code": 0, "results": list(items)}, indent=1)


GOOD_ITEM: dict[str, object] = {
    "type": "multiple",
    "difficulty": "easy",
    "category": "Science: Computers",
    "question": "What does CPU stand for?",
    "correct_answer": "Central Processing Unit",
    "incorrect_answers": [
        "Central Process Unit",
        "Computer Personal Unit",
        "Central Processor Unit",
    ],
}


@pytest.mark.parametrize(
    ("raw", "filename", "expected"),
    [
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "logo.png",
            "not a YAML or JSON file: it is not UTF-8",
        ),
        (b"questions\x00\x01", "pack.yaml", "not a YAML or JSON file: it contains binary data"),
        (
            b"Our policy is simple: be careful.\nAsk Legal when unsure",
            "policy.txt",
            "line 3: not valid YAML: could not find expected ':'",
        ),
        (
            b"Please review the attached policy before Friday.",
            "notes.txt",
            "line 1: not a question pack: the file holds plain text, not a YAML mapping",
        ),
        (b"- one\n- two\n", "list.yaml", "line 1: not a question pack: the file holds a list"),
        (b'{"results": [\n  {"type": "multiple",\n}', "quiz.json", "line 3: not valid JSON"),
        (b'{"questions": []}', "quiz.json", "a JSON pack is an Open Trivia DB file"),
        (b"", "empty.yaml", "line 1: the file is empty"),
    ],
)
def test_a_file_that_is_not_a_pack_is_refused(
    read_text: Read, raw: bytes, filename: str, expected: str
) -> None:
    errors = refused(read_text(raw, filename))
    assert len(errors) == 1 and errors[0].startswith(expected), errors


def test_a_red_question_without_answer_is_refused_with_its_line(read_text: Read) -> None:
    text = red_rows(3) + "Who wrote the first compiler?:\nWhat is a bit?: []\n" + red_rows(2)
    assert refused(read_text(text, "computers.yaml")) == [
        "line 7: the question “Who wrote the first compiler?” has no answer",
        "line 8: the question “What is a bit?” has no answer",
    ]


def test_red_answers_must_be_a_list(read_text: Read) -> None:
    text = red_rows(4) + "What is the capital of France?: Paris\n"
    assert refused(read_text(text, "capitals.yaml")) == [
        "line 9: the answers to “What is the capital of France?” must be a list: "
        "each on its own line after `- `"
    ]


def test_open_trivia_db_without_correct_answer_names_the_item(read_text: Read) -> None:
    broken = {k: v for k, v in GOOD_ITEM.items() if k != "correct_answer"}
    second = {**GOOD_ITEM, "question": "What does RAM stand for?"}
    errors = refused(read_text(otdb(GOOD_ITEM, second, broken), "quiz.json"))
    assert errors == ["results[2]: missing correct_answer"]


def test_open_trivia_db_items_are_all_checked(read_text: Read) -> None:
    items = [
        {**GOOD_ITEM, "difficulty": "extreme"},
        {
            **GOOD_ITEM,
            "question": "Is it?",
            "type": "boolean",
            "correct_answer": "Yes",
            "incorrect_answers": ["No"],
        },
        {**GOOD_ITEM, "question": "How many?", "incorrect_answers": "two"},
        "not an object",
    ]
    assert refused(read_text(otdb(*items), "quiz.json")) == [
        "results[0]: difficulty must be easy, medium or hard, not 'extreme'",
        "results[1]: a boolean question has correct_answer True or False and the other one "
        "incorrect",
        "results[2]: incorrect_answers must be a list of non-empty texts",
        "results[3]: each result must be an object",
    ]


@pytest.mark.parametrize(
    ("filename", "text"),
    [
        ("big.yaml", "questions:\n" + "".join(llmbot_question(f"Stem {n}?") for n in range(6000))),
        ("big-red.yaml", red_rows(6000)),
        ("big.json", otdb(*[{**GOOD_ITEM, "question": f"Q{n}?"} for n in range(6000)])),
    ],
    ids=["llmbot", "red", "opentdb"],
)
def test_a_pack_of_6000_questions_is_refused(read_text: Read, filename: str, text: str) -> None:
    assert refused(read_text(text, filename)) == [
        "the file has 6,000 questions; a pack may have at most 5,000"
    ]


def test_a_6_mb_file_is_refused_before_it_is_read(read_text: Read) -> None:
    raw = b"# " + b"x" * (6 * 1024 * 1024) + b"\n"
    assert len(raw) > MAX_FILE_BYTES
    assert refused(read_text(raw, "huge.yaml")) == [
        "the file is 6.0 MB; a pack file may be at most 5 MB"
    ]


ALIAS_BOMB = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
questions: *i
"""


def test_a_yaml_alias_bomb_is_refused_at_its_first_anchor(read_text: Read) -> None:
    assert refused(read_text(ALIAS_BOMB, "lol.yaml")) == [
        "line 1: YAML anchors (&a) are not allowed in a pack: write each value out"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Q?:\n- *ref\n", "line 2: YAML aliases (*ref) are not allowed in a pack"),
        ("questions: !!python/object:os.system []\n", "line 1: the YAML tag"),
        ("a: " + "[" * 20 + "]" * 20 + "\n", "line 1: nested more than 12 levels deep"),
        ("a: [1]\n---\nb: [2]\n", "line 2: a pack is one YAML document, not several"),
    ],
)
def test_yaml_beyond_plain_data_is_refused(read_text: Read, text: str, expected: str) -> None:
    errors = refused(read_text(text))
    assert len(errors) == 1 and errors[0].startswith(expected), errors


def test_an_option_longer_than_the_platform_allows_is_refused(read_text: Read) -> None:
    long = "A" * 201
    pack = "questions:\n" + llmbot_question("Short stem?") + llmbot_question("Other?", right=long)
    assert refused(read_text(pack)) == [
        "line 17: questions.1.options.0.text: String should have at most 200 characters"
    ]
    red = red_rows(4) + f"Which answer is long?:\n- {long}\n"
    assert refused(read_text(red, "red.yaml")) == [
        "line 10: the answer is 201 characters; an option may have at most 200"
    ]
    item = {**GOOD_ITEM, "incorrect_answers": ["One", "Two", long]}
    assert refused(read_text(otdb(GOOD_ITEM, item), "quiz.json")) == [
        f"results[1]: the answer “{'A' * 40}…” is 201 characters; an option may have at most 200"
    ]


def test_a_question_longer_than_a_quiz_can_show_is_refused(read_text: Read) -> None:
    red = red_rows(4) + f"{'Why ' * 130}?:\n- Because\n"
    assert refused(read_text(red, "red.yaml")) == [
        "line 9: the question is 521 characters; at most 500 fit"
    ]


def test_an_exact_duplicate_stem_is_an_error_naming_both_places(read_text: Read) -> None:
    red = red_rows(4) + "Question number 1?:\n- Other\n"
    assert refused(read_text(red, "red.yaml")) == [
        "line 9: the same question as line 3 “Question number 1?”; keep one"
    ]
    pack = (
        "questions:\n" + llmbot_question("What is a token?") + llmbot_question("what is a  TOKEN")
    )
    assert refused(read_text(pack)) == [
        "line 13: the same question as line 2 “What is a token?”; keep one"
    ]


def test_a_near_duplicate_of_the_shipped_bank_is_a_warning(
    read_file: Read, shipped: KnowledgeBase, tmp_path: Path
) -> None:
    original = next(q for q in shipped.questions.values() if q.type == "choice")
    path = tmp_path / "mine.yaml"
    path.write_text(
        "questions:\n"
        + llmbot_question(f"{original.stem.rstrip('?')}, in your own words?")
        + llmbot_question("Which team owns the deployment pipeline?")
    )
    reading = read_file(path)
    assert reading.draft is not None
    [warning] = reading.report.warnings
    assert str(warning).startswith(
        f"line 2: nearly the same question as llmbot's question {original.id} "
    )


def test_llmbot_pack_problems_are_all_reported_with_lines(read_text: Read) -> None:
    pack = (
        "pack:\n"
        "  title: Tools\n"
        "  colour: blue\n"
        "topics:\n"
        "  - id: tools\n"
        "    title: Our tools\n"
        "    short: The tools we use.\n"
        "questions:\n"
        + llmbot_question("Which editor is approved?", extra="    topics: [editors]\n")
        + llmbot_question("Which chat is approved?")
        + llmbot_question(
            "Which model is approved?", extra="    topics: [tools]\n    topics: [tools]\n"
        )
        + "extra: true\n"
    )
    assert refused(read_text(pack)) == [
        "line 3: pack.colour: Extra inputs are not permitted",
        "line 12: unknown topic id 'editors': the pack declares tools",
        "line 21: topics: name at least one of this pack's topics (tools)",
        "line 36: the key 'topics' is repeated (first at line 35)",
        "line 45: unknown key 'extra': a pack has only pack, topics, questions",
    ]


def test_questions_may_not_name_topics_the_pack_does_not_declare(read_text: Read) -> None:
    pack = "questions:\n" + llmbot_question("Which editor?", extra="    topics: [editors]\n")
    assert refused(read_text(pack)) == [
        "line 5: topics: this pack declares no topics, so its questions name none "
        "(declare them under a top-level `topics:` with id, title and short)"
    ]


def test_a_question_with_two_right_answers_is_refused_at_its_line(read_text: Read) -> None:
    pack = (
        "questions:\n"
        + llmbot_question("Fine?")
        + llmbot_question("Broken?").replace(
            "        why: Tempting.\n", "        correct: true\n        why: Tempting.\n"
        )
    )
    assert refused(read_text(pack)) == [
        "line 13: questions.1: Value error, exactly one option must be correct, found 2"
    ]


@pytest.mark.parametrize(
    ("name", "filename", "expected"),
    [
        ("Our Pack!", "pack.yaml", "the name 'Our Pack!' is not a pack name"),
        (None, "___.yaml", "the name taken from the file name '' is not a pack name"),
        ("a" * 33, "pack.yaml", f"the name '{'a' * 33}' is not a pack name"),
    ],
)
def test_a_pack_name_must_be_a_short_slug(
    read_text: Read, name: str | None, filename: str, expected: str
) -> None:
    errors = refused(read_text(red_rows(5), filename, name=name))
    assert errors[0].startswith(expected)


def test_a_list_whose_every_answer_is_unlike_the_others_is_refused_empty(read_text: Read) -> None:
    text = "What year?:\n- 1969\nHow many?:\n- 7\nWho?:\n- Ada Lovelace\n"
    reading = read_text(text, "odd.yaml")
    assert refused(reading) == [
        "nothing to import: all 3 questions were skipped (3 with too few answers of the same "
        "kind and length elsewhere in the list)"
    ]
