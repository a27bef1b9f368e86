"""The `bonecourse` command: every area registers its subcommands, and each answers --help."""

from __future__ import annotations

import pytest

from course.cli import build_parser, main


def subcommands() -> list[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return sorted(action.choices)


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
    } <= set(subcommands())


@pytest.mark.parametrize("name", subcommands())
def test_each_subcommand_has_help(name, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([name, "--help"])
    assert exit_info.value.code == 0
    assert "usage: bonecourse" in capsys.readouterr().out


def test_no_command_prints_help(capsys):
    assert main([]) == 2
    assert "COMMAND" in capsys.readouterr().out


def test_workshop_status_when_not_running(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BONECOURSE_WORKSHOP_RUNTIME", str(tmp_path))
    assert main(["workshop", "status"]) == 3
    assert "not running" in capsys.readouterr().out


def test_progress_reset_asks_for_confirmation(tmp_path, capsys):
    path = tmp_path / "p.sqlite"
    assert main(["progress", "reset", "--path", str(path)]) == 1
    assert "--yes" in capsys.readouterr().out
    assert main(["progress", "export", "--path", str(path), "-o", str(tmp_path / "o.csv")]) == 0
    assert (tmp_path / "o.csv").read_text().startswith("id,item_id")


def test_lab_passes_further_options_to_jupyter_lab(monkeypatch):
    import subprocess

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
