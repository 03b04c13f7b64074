"""Broken content is refused with errors that name the file, the line and the problem."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.knowledge import ContentInvalid, load_knowledge

TOPIC = """\
section: Basics
order: 1
topics:
  - id: {id}
    title: {title}
    aliases: [{id} one, {id} two, {id} three, {id} four, {alias}]
    related: [{related}]
    short: A short text.
    standard: A standard text.
    deep: A deep text.
    sources:
      - authors: Someone
        title: A paper
        year: 2020
        url: https://example.org/paper
"""

QUESTION = """\
  - id: q{n}-{topic}
    topics: [{topic}]
    difficulty: easy
    type: choice
    stem: {stem}
    options:
      - text: right
        correct: true
        why: Because.
      - text: wrong
        why: Tempting.
      - text: also wrong
        why: Also tempting.
"""


STEMS = [
    "Which planet is closest to the sun?",
    "How many legs does a spider have?",
    "What colour do you get mixing blue and yellow?",
    "Who wrote the first computer program?",
    "Which ocean is the largest?",
    "What gas do plants absorb?",
    "Which metal is liquid at room temperature?",
    "How many strings does a violin have?",
]


def write_content(root: Path, *, second_related: str = "alpha") -> Path:
    (root / "topics").mkdir(parents=True)
    (root / "questions").mkdir()
    (root / "topics" / "basics.yaml").write_text(
        TOPIC.format(id="alpha", title="Alpha", alias="five", related="beta")
        + TOPIC.format(id="beta", title="Beta", alias="six", related=second_related).split(
            "topics:\n", 1
        )[1]
    )
    questions = "questions:\n" + "".join(
        QUESTION.format(n=n, topic=t, stem=STEMS[i * 4 + n])
        for i, t in enumerate(("alpha", "beta"))
        for n in range(4)
    )
    (root / "questions" / "basics.yaml").write_text(questions)
    return root


def errors_for(root: Path) -> list[str]:
    with pytest.raises(ContentInvalid) as caught:
        load_knowledge(root)
    return [str(e) for e in caught.value.errors]


def test_valid_fixture_loads(tmp_path: Path) -> None:
    kb = load_knowledge(write_content(tmp_path))
    assert list(kb.topics) == ["alpha", "beta"]
    assert len(kb.questions) == 8
    assert kb.topics["alpha"].section == "Basics"


def test_bad_yaml_names_file_and_line(tmp_path: Path) -> None:
    root = write_content(tmp_path)
    path = root / "questions" / "basics.yaml"
    lines = path.read_text().splitlines()
    lines[5] = "    stem: [unclosed"
    path.write_text("\n".join(lines))
    errors = errors_for(root)
    assert len(errors) == 1
    assert errors[0].startswith("questions/basics.yaml:7: invalid YAML")


def test_missing_field_is_reported_at_its_item(tmp_path: Path) -> None:
    root = write_content(tmp_path)
    path = root / "topics" / "basics.yaml"
    path.write_text(path.read_text().replace("    deep: A deep text.\n", "", 1))
    assert errors_for(root) == ["topics/basics.yaml:4: topics.0.deep: Field required"]


def test_unknown_related_id_points_at_the_reference(tmp_path: Path) -> None:
    root = write_content(tmp_path, second_related="gamma")
    assert errors_for(root) == ["topics/basics.yaml:19: beta: unknown related id 'gamma'"]


def test_duplicate_question_id_names_the_first(tmp_path: Path) -> None:
    root = write_content(tmp_path)
    path = root / "questions" / "basics.yaml"
    path.write_text(path.read_text().replace("id: q1-alpha", "id: q0-alpha"))
    errors = errors_for(root)
    assert errors[0] == (
        "questions/basics.yaml:15: duplicate question id 'q0-alpha' (first at line 2)"
    )


def test_text_over_its_length_is_refused(tmp_path: Path) -> None:
    root = write_content(tmp_path)
    path = root / "topics" / "basics.yaml"
    path.write_text(path.read_text().replace("short: A short text.", "short: " + "x" * 281, 1))
    [error] = errors_for(root)
    assert error.startswith("topics/basics.yaml:8: topics.0.short: String should have at most 280")


def test_two_right_answers_are_refused(tmp_path: Path) -> None:
    root = write_content(tmp_path)
    path = root / "questions" / "basics.yaml"
    path.write_text(path.read_text().replace("why: Tempting.", "correct: true\n        why: x", 1))
    [error] = errors_for(root)
    assert error.startswith("questions/basics.yaml:2: questions.0: Value error, exactly one")


def test_topic_with_too_few_questions_is_refused(tmp_path: Path) -> None:
    root = write_content(tmp_path)
    path = root / "questions" / "basics.yaml"
    text = path.read_text()
    path.write_text(text[: text.index("  - id: q3-beta")])
    assert errors_for(root) == ["topics/basics.yaml:16: beta: 3 question(s), at least 4 needed"]


def test_alias_claimed_by_two_topics_is_refused(tmp_path: Path) -> None:
    root = write_content(tmp_path)
    path = root / "topics" / "basics.yaml"
    path.write_text(path.read_text().replace("beta four, six]", "beta four, five]"))
    [error] = errors_for(root)
    assert error.startswith("topics/basics.yaml:18: beta: alias 'five' is also an alias of alpha")


def test_check_command_prints_json_and_fails_on_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_content(tmp_path, second_related="gamma")
    assert main(["content", "check", str(root), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["errors"] == ["topics/basics.yaml:19: beta: unknown related id 'gamma'"]


def test_check_command_counts_valid_content(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["content", "check", str(write_content(tmp_path)), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report == {"topics": 2, "questions": 8, "figures": 0, "errors": []}
