"""Helpers for the tests that walk a branching case through the case widget."""

from __future__ import annotations

from course.widgets.branching_case import CaseWidget


def walk(widget: CaseWidget, picks: list[str]) -> None:
    """Choose, by the start of its text, one option per step, pressing Choose then Continue."""
    for start in picks:
        node = widget.run.node
        index = next(i for i, c in enumerate(node.choices) if c.text.startswith(start))
        widget.options.value = index
        widget.choose_button.click()
        widget.continue_button.click()
