"""The JupyterLab settings the course ships (arrow keys for widgets, no news pop-up)."""

from __future__ import annotations

import json

from course.delivery.lab import ARROW_COMMANDS, install_overrides, overrides, overrides_path


def test_arrow_shortcuts_are_disabled_only_inside_widgets():
    shortcuts = overrides()["@jupyterlab/shortcuts-extension:shortcuts"]["shortcuts"]
    for key, command in ARROW_COMMANDS.items():
        mine = [s for s in shortcuts if s["command"] == command and s["keys"] == [key]]
        assert [s.get("disabled", False) for s in mine] == [True, False]
        assert mine[1]["selector"].endswith(":not(.jupyter-widgets *)")


def test_install_writes_where_jupyterlab_reads_and_keeps_other_settings(tmp_path):
    path = overrides_path(tmp_path)
    assert path == tmp_path / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"@jupyterlab/apputils-extension:themes": {"theme": "Dark"}}))
    install_overrides(tmp_path)
    written = json.loads(path.read_text())
    assert written["@jupyterlab/apputils-extension:themes"] == {"theme": "Dark"}
    assert written["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    install_overrides(tmp_path)  # twice is the same as once
    assert json.loads(path.read_text()) == written


def test_a_broken_overrides_file_is_kept_aside(tmp_path, capsys):
    path = overrides_path(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text("{not json")
    install_overrides(tmp_path)
    assert json.loads(path.read_text())["@jupyterlab/shortcuts-extension:shortcuts"]
    assert path.with_suffix(".json.broken").read_text() == "{not json"
    assert "not valid JSON" in capsys.readouterr().err
