"""The ``bonecourse`` command: its parser, help, version and the one error handler."""

from __future__ import annotations

import argparse
import subprocess
import sys
from importlib.metadata import PackageNotFoundError

import pytest

import course
from course.cli import COMMAND_MODULES, build_parser, main, version


def subcommands() -> list[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return sorted(action.choices)


def every_parser(parser: argparse.ArgumentParser | None = None):
    """The parser and every sub-command's parser, however deep, as (words, parser)."""
    parser = parser or build_parser()
    yield parser.prog, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                yield from every_parser(child)


def test_every_area_registers_its_commands():
    assert {
        "lab",
        "bank",
        "progress",
        "quiz",
        "present",
        "workshop",
        "export",
        "record",
        "review",
        "time",
    } <= set(subcommands())


@pytest.mark.parametrize(
    ("argv", "module"),
    [
        (["lab"], "learner"),
        (["progress", "where"], "learner"),
        (["progress", "export", "--format", "json"], "learner"),
        (["progress", "reset", "--yes"], "learner"),
        (["review", "--date", "2026-03-01"], "learner"),
        (["record", "--no-pdf"], "learner"),
        (["time"], "learner"),
        (["quiz", "build", "--check"], "quiz"),
        (["quiz", "autograde", "00", "--unsafe"], "quiz"),
        (["present", "00", "--part", "2"], "trainer"),
        (["export", "anki", "-m", "05"], "trainer"),
        (["workshop", "setup"], "trainer"),
        (["workshop", "up"], "trainer"),
        (["workshop", "down"], "trainer"),
        (["workshop", "status"], "trainer"),
        (["bank"], "contributor"),
        (["bank", "check"], "contributor"),
        (["bank", "lint", "--module", "04"], "contributor"),
    ],
)
def test_each_command_reaches_its_audience_module(argv, module):
    args = build_parser().parse_args(argv)
    assert args.func.__module__ == f"course.cli.{module}"


@pytest.mark.parametrize("name", subcommands())
def test_each_subcommand_has_help(name, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([name, "--help"])
    assert exit_info.value.code == 0
    assert f"usage: bonecourse {name}" in capsys.readouterr().out


def test_no_help_text_holds_restructuredtext_backticks():
    walked = list(every_parser())
    assert len(walked) > 20  # the commands and their actions, not only the top
    for prog, parser in walked:
        assert "`" not in parser.format_help(), f"{prog} --help shows backticks"


def test_help_groups_the_commands_by_audience(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    titles = list(dict.fromkeys(COMMAND_MODULES.values()))
    assert titles == ["For learners", "For trainers", "For contributors"]
    where = [out.index(f"\n{t}:\n") for t in titles]
    assert where == sorted(where)
    blocks = {t: out.split(f"\n{t}:\n")[1].split("\n\n")[0] for t in titles}
    listed = {t: [line.split()[0] for line in b.splitlines()] for t, b in blocks.items()}
    assert listed["For learners"] == ["lab", "progress", "review", "record", "time"]
    assert listed["For trainers"] == ["quiz", "present", "export", "workshop"]
    assert listed["For contributors"] == ["bank"]
    assert sorted(sum(listed.values(), [])) == subcommands()  # each command listed once


def test_version_is_the_installed_distribution(capsys):
    from importlib.metadata import version as installed

    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"bonecourse {installed('bone-secondaries')}"


def test_version_falls_back_to_the_package(monkeypatch):
    import importlib.metadata

    def not_installed(name):
        raise PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", not_installed)
    monkeypatch.setattr(course, "__version__", "9.8.7")
    assert version() == "9.8.7"


def test_python_dash_m_runs_the_command():
    done = subprocess.run(
        [sys.executable, "-m", "course.cli", "--version"], capture_output=True, text=True
    )
    assert done.returncode == 0 and done.stdout.startswith("bonecourse ")


def test_no_command_prints_help(capsys):
    assert main([]) == 2
    out = capsys.readouterr().out
    assert "COMMAND" in out and "For learners:" in out


@pytest.mark.parametrize(
    ("argv", "complaint"),
    [
        (["progress"], "the following arguments are required: ACTION"),
        (["progress", "wipe"], "invalid choice: 'wipe'"),
        (["workshop", "start"], "invalid choice: 'start'"),
        (["workshop", "status", "--yes"], "unrecognized arguments: --yes"),
        (["progress", "where", "--yes"], "unrecognized arguments: --yes"),
        (["quiz", "publish"], "invalid choice: 'publish'"),
    ],
)
def test_a_wrong_action_or_flag_is_a_usage_error(argv, complaint, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: bonecourse") and complaint in err


def test_a_course_error_is_one_line_and_exit_1(tmp_path, capsys):
    (tmp_path / "source" / "quiz_04_treatments").mkdir(parents=True)
    assert main(["quiz", "release", "99", "--course", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("bonecourse quiz release: no quiz '99'")
    assert "quiz_04_treatments" in err


def test_a_path_the_user_typed_is_one_line_and_exit_1(tmp_path, capsys):
    out = tmp_path / "no_such_folder" / "answers.csv"
    assert main(["progress", "export", "--path", str(tmp_path / "p.sqlite"), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err == f"bonecourse progress export: {out}: No such file or directory\n"


def test_a_bug_keeps_its_traceback(monkeypatch):
    """A ValueError the user did not cause is a bug: main lets it through to the traceback."""
    import course.cli.learner as learner

    def broken(args):
        return int("not a number")  # a programming error, not a user's

    monkeypatch.setattr(learner, "_progress_where", broken)
    with pytest.raises(ValueError, match="invalid literal"):
        main(["progress", "where"])


def test_ctrl_c_exits_130(monkeypatch):
    import course.cli.learner as learner

    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(learner, "_progress_where", interrupted)
    assert main(["progress", "where"]) == 130


def test_workshop_status_when_not_running(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BONECOURSE_WORKSHOP_RUNTIME", str(tmp_path))
    assert main(["workshop", "status"]) == 3
    assert "not running" in capsys.readouterr().out


def test_progress_where_reset_and_export(tmp_path, capsys):
    path = tmp_path / "p.sqlite"
    assert main(["progress", "where", "--path", str(path)]) == 0
    assert capsys.readouterr().out.strip() == str(path)
    assert main(["progress", "reset", "--path", str(path)]) == 1
    assert "--yes" in capsys.readouterr().out
    assert main(["progress", "export", "--path", str(path), "-o", str(tmp_path / "o.csv")]) == 0
    assert (tmp_path / "o.csv").read_text().startswith("id,item_id")
    assert main(["progress", "reset", "--yes", "--path", str(path)]) == 0
    assert "Progress reset" in capsys.readouterr().out


def test_time_prints_the_study_time_table(capsys):
    from course.paths import notebooks_dir

    notebook = notebooks_dir() / "00_start_here.ipynb"
    assert main(["time", str(notebook)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:2] == ["notebook", "words"]
    assert lines[1].split()[0] == "00_start_here"


def test_lab_passes_further_options_to_jupyter_lab(monkeypatch):
    calls = []
    monkeypatch.setattr(subprocess, "call", lambda cmd, **kw: calls.append(cmd) or 0)
    monkeypatch.setattr("course.delivery.lab.install_overrides", lambda *a, **k: None)
    assert main(["lab", "--no-browser", "--port", "8890"]) == 0
    cmd = calls[0]
    assert cmd[1:3] == ["-m", "jupyter"] and cmd[3] == "lab"
    assert cmd[4].endswith("notebooks/00_start_here.ipynb")
    assert cmd[-3:] == ["--no-browser", "--port", "8890"]


def test_unknown_options_elsewhere_are_refused(capsys):
    with pytest.raises(SystemExit):
        main(["bank", "--frobnicate"])
    assert "unrecognized arguments: --frobnicate" in capsys.readouterr().err
