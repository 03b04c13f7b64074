"""Packs on Slack: `/llm pack import` opens a form with a file field; its file is imported."""

from __future__ import annotations

from typing import Any

from bot.adapters.slack.packs import DRY_RUN, FILE, NAME, OPTIONS, PackFiles
from storage import Store
from tests.packs.conftest import DATA
from tests.slack_harness import BOB, WORKSPACE, Harness, buttons_of, header_of, of_type
from tests.slack_requests import CHANNEL, view_submission
from tests.slack_standin import Call

ADMIN = "U0ADMIN"


def values(file: dict[str, Any] | None, *, name: str = "", dry_run: bool = False) -> dict:
    checked = [{"value": DRY_RUN, "text": {"type": "plain_text", "text": "x"}}] if dry_run else []
    return {
        FILE: {FILE: {"type": "file_input", "files": [file] if file else []}},
        NAME: {NAME: {"type": "plain_text_input", "value": name or None}},
        OPTIONS: {OPTIONS: {"type": "checkboxes", "selected_options": checked}},
    }


async def open_form(harness: Harness, user: str = ADMIN) -> dict[str, Any]:
    before = len(harness.standin.calls_to("views.open"))
    status = await harness.slack.command("pack import", user, user.lower(), "")
    assert status == 200
    opened = await harness.standin.wait_calls("views.open", before + 1)
    assert opened[-1].params["trigger_id"] == f"trigger-{user}"
    view: dict[str, Any] = opened[-1].params["view"]
    return view


async def submit(harness: Harness, view: dict[str, Any], user: str, form: dict) -> Call:
    before = len(harness.standin.calls_to("chat.postEphemeral"))
    assert await harness.slack.interaction(view_submission(view, user, user.lower(), form)) == 200
    posted = await harness.standin.wait_calls("chat.postEphemeral", before + 1)
    return posted[-1]


def hosted(harness: Harness, path: str) -> dict[str, Any]:
    file = DATA / path
    return harness.standin.host_file(file.name, file.read_bytes())


async def test_an_admin_imports_through_the_form_and_members_quiz_the_pack(
    harness: Harness, sqlite_store: Store
) -> None:
    harness.standin.add_user(ADMIN, "Ada", admin=True)
    view = await open_form(harness)
    assert [b["element"]["type"] for b in view["blocks"]] == [
        "file_input",
        "plain_text_input",
        "plain_text_input",
        "checkboxes",
    ]
    assert len(view["title"]["text"]) <= 24
    report = await submit(harness, view, ADMIN, values(hosted(harness, "red/computers.yaml")))
    assert report.params["channel"] == CHANNEL and report.params["user"] == ADMIN
    assert header_of(report) == "Pack computers imported"
    assert "163 turned into multiple choice" in report.texts()
    [download] = harness.standin.calls_to("download")
    assert download.token == "xoxb-llmbot-test"

    quiz = await harness.say("quiz --pack computers", user=BOB, name="bob")
    assert quiz.params["response_type"] == "in_channel"
    footer = of_type(quiz, "context")[-1]["elements"][0]["text"].replace("\u200b", "")
    assert "from pack _computers_ · Red-DiscordBot trivia, GPL-3.0" in footer


async def test_a_member_gets_no_form_and_an_admin_checks_a_file_in_a_dry_run(
    harness: Harness,
) -> None:
    refused = await harness.say("pack import", user=BOB, name="bob")
    assert "Only admins can import question packs" in refused.texts()
    assert harness.standin.calls_to("views.open") == []
    harness.standin.add_user(ADMIN, "Ada", admin=True)
    view = await open_form(harness)
    file = hosted(harness, "opentdb/science_computers.json")
    report = await submit(harness, view, ADMIN, values(file, name="otdb", dry_run=True))
    assert header_of(report) == "Pack otdb checked"
    assert "Dry run: nothing was imported." in report.texts()
    listed = await harness.say("pack list", user=BOB, name="bob")
    assert header_of(listed) == "No question packs here yet"


async def test_a_submission_from_someone_no_longer_admin_is_refused_unread(
    harness: Harness, sqlite_store: Store
) -> None:
    harness.standin.add_user(ADMIN, "Ada", admin=True)
    view = await open_form(harness)
    report = await submit(harness, view, BOB, values(hosted(harness, "red/computers.yaml")))
    assert "Only admins can import question packs" in report.texts()
    assert harness.standin.calls_to("download") == []
    assert await harness.app.store.list_packs(WORKSPACE) == []


async def test_a_bad_file_is_refused_with_its_line(harness: Harness) -> None:
    harness.standin.add_user(ADMIN, "Ada", admin=True)
    view = await open_form(harness)
    bomb = harness.standin.host_file("lol.yaml", b'a: &a ["lol","lol"]\nb: [*a,*a]\n')
    report = await submit(harness, view, ADMIN, values(bomb))
    assert header_of(report) == "Pack lol not imported"
    assert "line 1: YAML anchors (&amp;a) are not allowed in a pack" in report.texts()
    assert await harness.app.store.list_packs(WORKSPACE) == []


async def test_removing_a_pack_asks_for_a_click(harness: Harness) -> None:
    harness.standin.add_user(ADMIN, "Ada", admin=True)
    view = await open_form(harness)
    await submit(harness, view, ADMIN, values(hosted(harness, "red/elements.yaml")))
    confirm = await harness.say("pack remove elements", user=ADMIN, name="ada")
    [button] = buttons_of(confirm)
    assert button["style"] == "danger" and button["text"]["text"] == "Remove it"
    removed = await harness.click(button["action_id"], user=ADMIN, name="ada")
    assert header_of(removed) == "Pack elements removed"
    assert await harness.app.store.list_packs(WORKSPACE) == []


def test_the_token_goes_only_to_slack_or_the_configured_api_host() -> None:
    class Client:
        base_url = "http://127.0.0.1:9999/api/"
        token = "xoxb-secret"

    files = PackFiles(Client(), None)  # type: ignore[arg-type]
    assert files.trusted("https://files.slack.com/files-pri/T1-F1/pack.yaml")
    assert files.trusted("http://127.0.0.1:9999/files-pri/F1/pack.yaml")
    assert not files.trusted("http://files.slack.com/files-pri/T1-F1/pack.yaml")
    assert not files.trusted("https://evil.example/slack.com/pack.yaml")
    assert not files.trusted("https://files.slack.com.evil.example/pack.yaml")
