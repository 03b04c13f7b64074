"""The wheel is what the container image and operators install: it must carry every package,
the SQL migrations and the content, not only what an editable install finds in the tree."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import venv
from pathlib import Path

import pytest

from tests.deploy.deploy_files import instructions

ROOT = Path(__file__).resolve().parent.parent
BUILD_SECONDS = 300


def packages_on_disk() -> set[str]:
    return {
        ".".join(init.parent.relative_to(ROOT).parts)
        for top in ("bot", "storage")
        for init in (ROOT / top).rglob("__init__.py")
    }


def test_pyproject_lists_every_package_of_the_tree() -> None:
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    listed = set(setuptools["packages"])
    assert packages_on_disk() <= listed
    assert all(p == "llmbot_content" or p in packages_on_disk() for p in listed)


def run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=BUILD_SECONDS,
    )
    assert done.returncode == 0, f"{command}: {done.stdout}\n{done.stderr}"
    return done.stdout


def image_sources(destination: Path) -> Path:
    """What the container image copies before it builds the wheel, copied the same way: a
    build in the working tree could pick up stale files of an earlier build there."""
    destination.mkdir()
    for args in instructions("COPY"):
        *sources, _ = args.split()
        for source in (s for s in sources if not s.startswith("--")):
            origin = ROOT / source
            if origin.is_dir():
                ignored = shutil.ignore_patterns("__pycache__", "*.pyc")
                shutil.copytree(origin, destination / source, ignore=ignored)
            else:
                shutil.copy2(origin, destination / source)
    return destination


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with only the built wheel installed; its dependencies come from the
    running environment's site-packages, so no index is needed."""
    work = tmp_path_factory.mktemp("wheel")
    source = image_sources(work / "src")
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", "dist", source, cwd=work)
    [wheel] = (work / "dist").glob("llmbot-*.whl")
    target = work / "venv"
    venv.create(target, with_pip=False)
    python = target / "bin" / "python"
    run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        python,
        "install",
        "-q",
        "--no-deps",
        wheel,
        cwd=work,
    )
    site = run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=work)
    # A plain path line: the running venv's own .pth files (its editable llmbot) stay unread.
    Path(site.strip(), "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return target / "bin"


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LLMBOT_", "PYTHON"))}
    return {**env, **extra}


def modules_on_disk() -> list[str]:
    return sorted(
        ".".join(path.with_suffix("").relative_to(ROOT).parts).removesuffix(".__init__")
        for top in ("bot", "storage")
        for path in (ROOT / top).rglob("*.py")
    )


IMPORT_ALL = """
import importlib, sys
for name in sys.argv[1:]:
    print(name, importlib.import_module(name).__file__)
"""


def test_the_installed_wheel_has_every_module_of_the_tree(installed: Path, tmp_path: Path) -> None:
    out = run(installed / "python", "-c", IMPORT_ALL, *modules_on_disk(), cwd=tmp_path)
    files = dict(line.split(" ", 1) for line in out.splitlines())
    assert sorted(files) == modules_on_disk()
    assert all(Path(f).is_relative_to(installed.parent) for f in files.values())


def test_the_installed_wheel_checks_its_content(installed: Path, tmp_path: Path) -> None:
    out = run(installed / "llmbot", "content", "check", "--json", cwd=tmp_path, env=clean_env())
    report = json.loads(out)
    assert report["errors"] == []
    assert report["topics"] > 0 and report["questions"] > 0 and report["figures"] > 0


def test_the_installed_wheel_migrates_and_reports_a_sqlite_database(
    installed: Path, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'wheel.db'}"
    env = clean_env(LLMBOT_DATABASE_URL=url)
    before = subprocess.run(
        [installed / "llmbot", "db", "status"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert before.returncode == 1 and " pending" in before.stdout
    run(installed / "llmbot", "db", "migrate", cwd=tmp_path, env=env)
    after = run(installed / "llmbot", "db", "status", cwd=tmp_path, env=env)
    assert "0001_init" in after and after.rstrip().endswith("up to date")


def test_the_installed_wheel_draws_the_tokens_lab_with_its_font(
    installed: Path, tmp_path: Path
) -> None:
    """The font is package data: a wheel without it could not draw the labs' pictures."""
    env = clean_env(LLMBOT_DATABASE_URL=f"sqlite:///{tmp_path / 'labs.db'}", TMPDIR=str(tmp_path))
    out = run(installed / "llmbot", "ask", "--json", "/llm tokens Hello, world!", cwd=tmp_path,
              env=env)
    reply = json.loads(out)
    assert [t["id"] for t in reply["tokens"]] == [13225, 11, 2375, 0]
    assert Path(reply["image"]["path"]).read_bytes().startswith(b"\x89PNG")
    font = run(installed / "python", "-c",
               "from bot.pictures.fonts import font_path; print(font_path())", cwd=tmp_path)
    assert Path(font.strip()).is_relative_to(installed.parent)
    assert (Path(font.strip()).parent / "LICENSE-DejaVu.txt").is_file()
