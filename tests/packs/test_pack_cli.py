"""`llmbot pack` as operators use it, in real subprocesses against one database."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from tests.packs.conftest import DATA, EXAMPLE
from tests.test_cli import SCRIPT, llmbot_env


def llmbot(tmp_path: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*SCRIPT, *map(str, args)],
        env=llmbot_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def as_json(done: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_a_dry_run_reports_counts_and_conversions_and_imports_nothing(tmp_path: Path) -> None:
    done = llmbot(
        tmp_path,
        "pack",
        "import",
        DATA / "red/computers.yaml",
        "--workspace",
        "discord:42",
        "--dry-run",
    )
    assert done.returncode == 0, done.stderr
    assert "163 questions: 163 medium" in done.stdout
    assert "163 turned into multiple choice" in done.stdout
    assert "1 skipped with too few answers" in done.stdout
    assert "Dry run: nothing was imported." in done.stdout
    listed = llmbot(tmp_path, "pack", "list", "--workspace", "discord:42", "--json")
    assert as_json(listed)["packs"] == []


def test_imported_packs_are_quizzed_in_their_workspace_only(tmp_path: Path) -> None:
    for path in (
        EXAMPLE,
        DATA / "red/computers.yaml",
        DATA / "red/elements.yaml",
        DATA / "opentdb/science_computers.json",
    ):
        done = llmbot(tmp_path, "pack", "import", path, "--workspace", "console:local", "--json")
        assert done.returncode == 0, done.stdout + done.stderr
        assert as_json(done)["kind"] == "pack_imported"
    quiz = llmbot(tmp_path, "ask", "--json", "/llm quiz --pack computers")
    reply = as_json(quiz)
    assert reply["kind"] == "quiz" and reply["question_id"].startswith("pack.computers/")
    assert reply["footer"].endswith("from pack *computers* · Red-DiscordBot trivia, GPL-3.0")
    listed = as_json(llmbot(tmp_path, "pack", "list", "--workspace", "console:local", "--json"))
    assert [p["pack"] for p in listed["packs"]] == [
        "computers",
        "elements",
        "fernhill-ai-policy",
        "science-computers",
    ]
    elsewhere = llmbot(
        tmp_path, "ask", "--workspace", "other", "--json", "/llm quiz --pack computers"
    )
    assert as_json(elsewhere)["kind"] == "refused"
    removed = llmbot(tmp_path, "pack", "remove", "elements", "--workspace", "console:local")
    assert removed.returncode == 0 and "Pack elements removed" in removed.stdout


def test_a_refused_file_exits_1_and_lists_every_problem_with_its_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("".join(f"Question {n}?:\n" for n in range(15)) + "Fine?:\n- yes\n")
    done = llmbot(tmp_path, "pack", "import", broken, "--workspace", "slack:T1")
    assert done.returncode == 1
    for n in range(15):
        assert f"- line {n + 1}: the question “Question {n}?” has no answer" in done.stdout
    assert "Nothing was imported." in done.stdout
    assert (
        as_json(llmbot(tmp_path, "pack", "list", "--workspace", "slack:T1", "--json"))["packs"]
        == []
    )


def test_usflags_is_refused_as_all_image(tmp_path: Path) -> None:
    done = llmbot(
        tmp_path, "pack", "import", DATA / "red/usflags.yaml", "--workspace", "slack:T1", "--json"
    )
    reply = as_json(done)
    assert done.returncode == 1 and reply["kind"] == "pack_invalid" and reply["skipped"] == 55


def test_an_alias_bomb_and_a_6_mb_file_are_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "lol.yaml"
    bomb.write_text('a: &a ["lol","lol"]\nb: [*a,*a]\n')
    done = llmbot(tmp_path, "pack", "import", bomb, "--workspace", "slack:T1")
    assert done.returncode == 1 and "line 1: YAML anchors (&a) are not allowed" in done.stdout
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (6 * 1024 * 1024))
    done = llmbot(tmp_path, "pack", "import", big, "--workspace", "slack:T1", "--json")
    assert as_json(done)["errors"] == ["the file is 6.0 MB; a pack file may be at most 5 MB"]


def test_a_workspace_key_must_name_a_platform(tmp_path: Path) -> None:
    done = llmbot(tmp_path, "pack", "list", "--workspace", "42")
    assert done.returncode == 2 and "is not a workspace key" in done.stderr
