"""Broken content is refused with errors that name the file, the line and the problem."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.knowledge import ContentInvalid, load_knowledge
from tests.content_bank import valid_content

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
    reviewed: 2026-12
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
    assert errors_for(root) == ["topics/basics.yaml:20: beta: unknown related id 'gamma'"]


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
    assert errors_for(root) == ["topics/basics.yaml:17: beta: 3 question(s), at least 4 needed"]


def test_alias_claimed_by_two_topics_is_refused(tmp_path: Path) -> None:
    root = write_content(tmp_path)
    path = root / "topics" / "basics.yaml"
    path.write_text(path.read_text().replace("beta four, six]", "beta four, five]"))
    [error] = errors_for(root)
    assert error.startswith("topics/basics.yaml:19: beta: alias 'five' is also an alias of alpha")


def test_check_command_prints_json_and_fails_on_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_content(tmp_path, second_related="gamma")
    assert main(["content", "check", str(root), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["errors"] == ["topics/basics.yaml:20: beta: unknown related id 'gamma'"]


def test_check_command_reports_every_measure_and_passes_a_balanced_bank(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["content", "check", str(valid_content(tmp_path)), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report == {
        "topics": 2,
        "questions": 480,
        "figures": 0,
        "retired": 0,
        "hard_share": 0.3,
        "longest_correct_share": 0.0,
        "right_length_ratio": 0.941,
        "true_share": 0.5,
        "absolute_cue": 0.0,
        "misconception_questions": 45,
        "misconception_max_repeat": 3,
        "near_duplicate_stems": 0,
        "errors": [],
        # Two one-line topics are too little text for the sampling lab's word model.
        "warnings": [
            "labs: the topic texts give the sampling lab 9 distinct words; it needs at least 500",
            "labs: the sampling example 'the transformer' no longer appears in the topic texts; "
            "change EXAMPLE_PROMPT in bot/engine/labs/corpus.py",
        ],
    }


def test_plain_check_prints_each_measure_beside_its_bound(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["content", "check", str(valid_content(tmp_path))]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "2 topics, 480 questions (0 retired), 0 figures"
    assert "  true_share                     0.5  (0.4..0.6) ok" in out
    assert out[-1] == "ok"


def test_topic_without_a_review_date_is_refused(tmp_path: Path) -> None:
    root = write_content(tmp_path)
    path = root / "topics" / "basics.yaml"
    path.write_text(path.read_text().replace("    reviewed: 2026-12\n", "", 1))
    assert errors_for(root) == ["topics/basics.yaml:4: topics.0.reviewed: Field required"]


@pytest.mark.parametrize("value", ["2026-13", "2026-1", "Dec 2026", "2026/12"])
def test_review_date_must_be_a_year_and_month(tmp_path: Path, value: str) -> None:
    root = write_content(tmp_path)
    path = root / "topics" / "basics.yaml"
    path.write_text(path.read_text().replace("reviewed: 2026-12", f"reviewed: '{value}'", 1))
    [error] = errors_for(root)
    assert error.startswith("topics/basics.yaml:16: topics.0.reviewed: Value error")
    assert "YYYY-MM" in error


def _with_misconception(root: Path, misconception: str) -> Path:
    path = root / "questions" / "basics.yaml"
    path.write_text(
        path.read_text().replace(
            "    difficulty: easy\n",
            f"    difficulty: easy\n    misconception: {misconception}\n",
            1,
        )
    )
    return root


def test_misconception_ids_must_be_registered(tmp_path: Path) -> None:
    root = _with_misconception(write_content(tmp_path), "temperature-makes-smarter")
    assert errors_for(root) == [
        "questions/basics.yaml:5: q0-alpha: misconception 'temperature-makes-smarter' "
        "is not registered in misconceptions.yaml"
    ]
    (root / "misconceptions.yaml").write_text(
        "misconceptions:\n"
        "  - id: temperature-makes-smarter\n"
        "    wrong: A higher temperature makes the model smarter.\n"
        "    right: Temperature only reshapes the probabilities the model already gives.\n"
        "    topics: [alpha]\n"
    )
    kb = load_knowledge(root)
    assert kb.questions["q0-alpha"].misconception == "temperature-makes-smarter"
    assert kb.misconceptions["temperature-makes-smarter"].topics == ("alpha",)


@pytest.mark.parametrize("bad", ["C14", "C0", "article check", "Temperature"])
def test_misconception_ids_are_c1_to_c13_or_kebab_case(tmp_path: Path, bad: str) -> None:
    root = _with_misconception(write_content(tmp_path), f"'{bad}'")
    [error] = errors_for(root)
    assert error.startswith("questions/basics.yaml:5: questions.0.misconception: String should")


@pytest.mark.parametrize(
    ("second", "expected"),
    [
        ("C7", "misconceptions.yaml:3: duplicate misconception id 'C7' (first at line 2)"),
        ("C8", "misconceptions.yaml:3: C8: unknown topic id 'gamma'"),
    ],
)
def test_registry_entries_are_unique_and_name_existing_topics(
    tmp_path: Path, second: str, expected: str
) -> None:
    root = write_content(tmp_path)
    entry = "  - {id: %s, wrong: Every LLM has both., right: Only some do., topics: [%s]}\n"
    (root / "misconceptions.yaml").write_text(
        "misconceptions:\n" + entry % ("C7", "alpha") + entry % (second, "gamma")
    )
    assert errors_for(root) == [expected]


RETIRED = """\
questions:
  - id: old-alpha
    topics: [alpha]
    difficulty: easy
    type: truefalse
    misconception: article-check
    stem: An old statement that was since reworded.
    options:
      - text: "True"
        correct: true
        why: It was right.
      - text: "False"
        why: It was tempting.
    replaced_by: {replaced_by}
"""


def test_retired_questions_resolve_by_id_but_are_never_drawn_or_counted(tmp_path: Path) -> None:
    root = write_content(tmp_path)
    (root / "retired").mkdir()
    (root / "retired" / "questions.yaml").write_text(RETIRED.format(replaced_by="q0-alpha"))
    kb = load_knowledge(root)
    assert "old-alpha" in kb.questions
    assert kb.questions["old-alpha"].replaced_by == "q0-alpha"
    assert kb.questions.get("old-alpha") is kb.retired_questions["old-alpha"]
    assert len(kb.questions) == 8
    assert "old-alpha" not in list(kb.questions)
    assert all(q.id != "old-alpha" for q in kb.questions.values())
    assert "old-alpha" not in kb.questions_by_topic["alpha"]


def test_an_id_both_active_and_retired_is_refused(tmp_path: Path) -> None:
    root = write_content(tmp_path)
    (root / "retired").mkdir()
    text = RETIRED.format(replaced_by="q1-alpha").replace("id: old-alpha", "id: q0-alpha")
    (root / "retired" / "questions.yaml").write_text(text)
    assert errors_for(root) == [
        "retired/questions.yaml:2: q0-alpha: retired but also active in "
        "questions/basics.yaml:2 (a changed question needs a new id)"
    ]


def test_a_replacement_must_exist(tmp_path: Path) -> None:
    root = write_content(tmp_path)
    (root / "retired").mkdir()
    (root / "retired" / "questions.yaml").write_text(RETIRED.format(replaced_by="q9-alpha"))
    assert errors_for(root) == [
        "retired/questions.yaml:2: old-alpha: replaced_by names unknown id 'q9-alpha'"
    ]
