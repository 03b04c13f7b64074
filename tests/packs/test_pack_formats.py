"""Real lists in each supported format become packs: questions, options, credit, topics."""

from __future__ import annotations

import yaml

from bot.engine.packs import PackFormat
from bot.engine.packs.distractors import answer_key, kind_of
from bot.engine.packs.summary import summary_lines
from bot.knowledge import KnowledgeBase
from tests.packs.conftest import DATA, EXAMPLE, Read


def red_answers(name: str) -> dict[str, list[str]]:
    """A Red list's accepted answers per question, as Red itself would load them."""
    data = yaml.safe_load((DATA / "red" / name).read_text("utf-8"))
    special = {"$schema", "AUTHOR", "DESCRIPTION", "CONFIG"}
    return {
        stem: [str(a) for a in answers] for stem, answers in data.items() if stem not in special
    }


def test_red_computers_becomes_multiple_choice_with_credit(read_file: Read) -> None:
    reading = read_file("red/computers.yaml")
    report, draft = reading.report, reading.draft
    assert report.ok and draft is not None
    assert report.format is PackFormat.RED
    assert report.name == "computers"
    assert report.questions == report.converted == 163
    assert [(s.reason, s.count) for s in report.skipped] == [
        ("with too few answers of the same kind and length elsewhere in the list", 1)
    ]
    assert draft.credit.text == "Red-DiscordBot trivia, GPL-3.0"
    assert draft.credit.author == "JennJenn"
    assert draft.description == "A trivia about computers and their components."
    assert [t.id for t in draft.topics] == ["computers"]
    for question in draft.questions:
        assert question.difficulty == "medium" and question.type == "choice"
        assert question.topics == ("computers",)
        assert question.options[0].correct and len(question.options) in (3, 4)
        assert question.options[0].why.startswith(
            f"The accepted answer is {question.options[0].text}"
        )


def test_red_distractors_are_like_the_answer_and_never_accepted(read_file: Read) -> None:
    accepted = red_answers("computers.yaml")
    draft = read_file("red/computers.yaml").draft
    assert draft is not None
    for question in draft.questions:
        right = question.options[0].text
        keys = {answer_key(a) for a in accepted[question.stem]}
        for option in question.options[1:]:
            assert answer_key(option.text) not in keys
            assert kind_of(option.text) == kind_of(right)
            assert (len(right) + 1) // 2 <= len(option.text) <= 2 * len(right)


def test_red_numbers_become_text_and_years_meet_years(read_file: Read) -> None:
    draft = read_file("red/computers.yaml").draft
    assert draft is not None
    by_stem = {q.stem: q for q in draft.questions}
    arpanet = by_stem["In what year did ARPANET became operational?"]
    assert arpanet.options[0].text == "1969"
    assert all(kind_of(o.text) == "year" for o in arpanet.options)
    layers = by_stem["How many layers are present in TCP/IP model?"]
    assert layers.options[0].text == "Seven"
    assert "7" not in [o.text for o in layers.options]


def test_red_scalars_are_kept_as_written(read_text: Read) -> None:
    rows = "".join(
        f"Question number {n}?:\n- {answer}\n"
        for n, answer in enumerate(["Yes", "1.50", "No", "2.25", "On", "0.75", "Off", "3.10"])
    )
    draft = read_text(rows, "scalars.yaml").draft
    assert draft is not None
    shown = [q.options[0].text for q in draft.questions]
    assert shown == ["Yes", "1.50", "No", "2.25", "On", "0.75", "Off", "3.10"]


def test_importing_the_same_list_twice_gives_the_same_pack(read_file: Read) -> None:
    first = read_file("red/computers.yaml").draft
    again = read_file("red/computers.yaml").draft
    assert first == again
    assert first is not None and len({q.id for q in first.questions}) == len(first.questions)


def test_a_list_of_one_pattern_raises_no_near_duplicate_warning(read_file: Read) -> None:
    report = read_file("red/elements.yaml").report
    assert report.ok and report.questions == 118
    assert report.warnings == ()


def test_two_questions_about_the_same_thing_are_near_duplicates(
    read_text: Read, shipped: KnowledgeBase
) -> None:
    rows = (
        'What is the element symbol of "Actinium"?:\n- Ac\n'
        'What is the element symbol of "Aluminum"?:\n- Al\n'
        'Which is the element symbol of "Actinium"?:\n- Ac\n'
        'What is the element symbol of "Argon"?:\n- Ar\n'
    )
    report = read_text(rows, "symbols.yaml", shipped=shipped.questions.values()).report
    assert [str(w) for w in report.warnings] == [
        'line 5: nearly the same question as line 1 “What is the element symbol of "Actinium"?” '
        "(similarity 94)"
    ]


def test_usflags_is_refused_as_all_image_with_its_count(read_file: Read) -> None:
    reading = read_file("red/usflags.yaml")
    assert reading.draft is None
    assert [(s.reason, s.count) for s in reading.report.skipped] == [
        ("with an image link in the question", 55)
    ]
    assert [str(e) for e in reading.report.errors] == [
        "nothing to import: all 55 questions were skipped (55 with an image link in the question)"
    ]


def test_red_licence_comes_from_the_list_or_the_importer(read_text: Read) -> None:
    rows = "".join(f"Capital number {n}?:\n- City {n}\n" for n in range(5))
    stated = read_text("# Some notes\n# License: CC0-1.0\n" + rows, "cities.yaml").draft
    assert stated is not None and stated.credit.text == "Red-DiscordBot trivia, CC0-1.0"
    given = read_text(rows, "cities.yaml", license_text="MIT").draft
    assert given is not None and given.credit.text == "Red-DiscordBot trivia, MIT"


def test_open_trivia_db_is_decoded_and_credited(read_file: Read) -> None:
    reading = read_file("opentdb/science_computers.json")
    report, draft = reading.report, reading.draft
    assert report.ok and draft is not None
    assert report.format is PackFormat.OPENTDB
    assert (report.name, report.questions, report.converted) == ("science-computers", 188, 0)
    assert draft.title == "Science: Computers"
    assert draft.credit.text == "Open Trivia DB, CC BY-SA 4.0"
    texts = [t for q in draft.questions for t in (q.stem, *(o.text for o in q.options))]
    assert not [t for t in texts if "&#" in t or "&quot;" in t or "&amp;" in t]
    assert any(q.stem == "What was Bitcoin's block size limit in 2010?" for q in draft.questions)
    kinds = {q.type for q in draft.questions}
    assert kinds == {"choice", "truefalse"}
    assert sum(q.type == "truefalse" for q in draft.questions) == 43
    dhcp = next(q for q in draft.questions if q.stem.startswith("DHCP stands for"))
    assert [(o.text, o.correct) for o in dhcp.options] == [("True", False), ("False", True)]
    assert dhcp.difficulty == "hard"
    assert all(
        o.why.startswith("The accepted answer is") or o.why.startswith("Not the")
        for q in draft.questions
        for o in q.options
    )


def test_the_example_policy_pack_imports_with_its_topics(read_file: Read) -> None:
    reading = read_file(EXAMPLE)
    report, draft = reading.report, reading.draft
    assert report.ok and report.warnings == () and draft is not None
    assert report.format is PackFormat.LLMBOT
    assert report.name == "fernhill-ai-policy" and report.questions >= 15
    assert [t.id for t in draft.topics] == [
        "data-classes",
        "approved-tools",
        "code-and-secrets",
        "reviewing-outputs",
        "reporting-incidents",
    ]
    assert all(len(t.short) <= 280 for t in draft.topics)
    assert draft.credit.text == "CC0-1.0"
    assert draft.title == "Fernhill AI usage policy"
    covered = {q.topics[0] for q in draft.questions}
    assert covered == {t.id for t in draft.topics}


PACK = """\
questions:
  - difficulty: easy
    type: truefalse
    stem: Our chatbot may read customer tickets.
    options:
      - text: True
        correct: true
        why: The support assistant is approved for tickets.
      - text: False
        why: Tempting, but it is on the approved list.
  - id: second
    difficulty: hard
    type: choice
    stem: "Which tool   drafts release notes?"
    options:
      - text: Notes bot
        correct: true
        why: It is the approved one.
      - text: Any chatbot
        why: Only approved tools.
      - text: 1969
        why: A number, written as text.
"""


def test_a_pack_without_topics_is_its_own_topic_and_ids_come_from_stems(read_text: Read) -> None:
    draft = read_text(PACK, "team-tools.yaml").draft
    assert draft is not None
    assert [(t.id, t.title) for t in draft.topics] == [("team-tools", "team-tools")]
    first, second = draft.questions
    assert first.topics == second.topics == ("team-tools",)
    assert first.id.startswith("q-") and second.id == "second"
    assert [o.text for o in first.options] == ["True", "False"]
    assert second.stem == "Which tool drafts release notes?"
    assert second.options[2].text == "1969"
    assert read_text(PACK, "team-tools.yaml").draft == draft


def test_member_text_is_stored_plain_on_one_line(read_text: Read) -> None:
    rows = "".join(
        f'"Question {n} <@123>\\n@everyone\\x07there?":\n- Answer {n}\n' for n in range(5)
    )
    draft = read_text(rows, "mentions.yaml").draft
    assert draft is not None
    assert draft.questions[0].stem == "Question 0 <@123> @everyone there?"


def test_the_summary_reports_counts_conversions_and_skips(read_file: Read) -> None:
    lines = summary_lines(read_file("red/computers.yaml").report, limit=1)
    assert lines[:4] == [
        "163 questions: 163 medium",
        "Format: Red-DiscordBot trivia list (YAML)",
        "Topics: Computers",
        "Credit: Red-DiscordBot trivia, GPL-3.0",
    ]
    assert "163 turned into multiple choice" in lines[4]
    assert lines[5] == (
        "1 skipped with too few answers of the same kind and length elsewhere in the list "
        "(line 201)"
    )
    assert lines[6:] == [
        "2 warnings:",
        "- line 285: nearly the same question as line 249 “[Acronyms]What does CD-ROM stand "
        "for?” (similarity 100)",
        "- … and 1 more",
    ]


def test_the_summary_of_a_refused_pack_names_the_reason(read_file: Read) -> None:
    assert summary_lines(read_file("red/usflags.yaml").report) == [
        "55 skipped with an image link in the question (lines 3, 5, 7, 9, 11, …)",
        "1 problem:",
        "- nothing to import: all 55 questions were skipped (55 with an image link in the "
        "question)",
    ]
