"""JupyterLab settings the course ships: arrow keys for widget controls, and no news pop-up.

JupyterLab's notebook shortcuts take the arrow keys in command mode, even while a radio button,
slider or dropdown of a widget has focus, so an arrow press jumps to another cell instead of
moving between a self-check's options. The override below disables those four shortcuts when
focus is inside a widget and keeps them everywhere else. It is written to JupyterLab's
``overrides.json`` in the environment (``make install``, ``bonecourse lab`` and the workshop
set-up do it), which sets defaults a learner can still change.

Run ``python -m course.delivery.lab`` to write it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

#: the command-mode arrow-key shortcuts of a notebook
ARROW_COMMANDS = {
    "ArrowDown": "notebook:move-cursor-down",
    "ArrowUp": "notebook:move-cursor-up",
    "ArrowLeft": "notebook:move-cursor-heading-above-or-collapse",
    "ArrowRight": "notebook:move-cursor-heading-below-or-expand",
}
#: where JupyterLab binds them (its default selector)
LAB_SELECTOR = ".jp-Notebook.jp-mod-commandMode:not(.jp-mod-readWrite) :focus"

ARROW_KEYS_OVERRIDE = {
    "@jupyterlab/shortcuts-extension:shortcuts": {
        "shortcuts": [
            entry
            for key, command in ARROW_COMMANDS.items()
            for entry in (
                {"command": command, "keys": [key], "selector": LAB_SELECTOR, "disabled": True},
                {
                    "command": command,
                    "keys": [key],
                    "selector": LAB_SELECTOR + ":not(.jupyter-widgets *)",
                },
            )
        ]
    }
}
NO_NEWS = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False}
}


def overrides() -> dict:
    """Every setting the course ships, keyed by JupyterLab plugin id."""
    return {**ARROW_KEYS_OVERRIDE, **NO_NEWS}


def overrides_path(prefix: str | Path | None = None) -> Path:
    """JupyterLab's ``overrides.json`` for the environment at ``prefix`` (default: this one)."""
    return Path(prefix or sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"


def install_overrides(prefix: str | Path | None = None) -> Path:
    """Merge the course's settings into the environment's ``overrides.json``; keep others'."""
    path = overrides_path(prefix)
    path.parent.mkdir(parents=True, exist_ok=True)
    current: dict = {}
    if path.exists():
        try:
            current = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            backup = path.with_suffix(".json.broken")
            path.replace(backup)
            print(f"{path} was not valid JSON; kept as {backup}", file=sys.stderr)
    for plugin, values in overrides().items():
        current.setdefault(plugin, {}).update(values)
    path.write_text(json.dumps(current, indent=2) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":  # pragma: no cover
    print(f"JupyterLab settings written to {install_overrides()}")
