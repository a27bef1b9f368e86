"""Each module notebook in JupyterLab, in headless Chromium: run it all, then use its main widget.

For every notebook in ``notebooks/``: open it, run all cells, assert no error output and no widget
that failed to display, then use the module's main widget as a learner would (move a slider, pick
an option, press Check) and assert what visibly changed. A screenshot per module goes to
``artifacts/screenshots/``. Notebooks without a specific interaction below still get the run.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(p.name for p in (REPO / "notebooks").glob("*.ipynb"))


def attempts_in(progress: Path, item_prefix: str) -> list[tuple]:
    """Rows recorded in the test's own progress store for items whose id starts so."""
    if not progress.exists():
        return []
    with sqlite3.connect(progress) as con:
        return con.execute(
            "SELECT item_id, correct FROM attempts WHERE item_id LIKE ?", (item_prefix + "%",)
        ).fetchall()


def answer_single(check, option_text: str, confidence: str | None = None) -> None:
    """Pick an option (and a confidence) in a ``.bc-check`` self-check and press Check."""
    check.get_by_role("radio", name=option_text, exact=True).check()
    if confidence:
        check.get_by_role("radio", name=confidence, exact=True).check()
    check.get_by_role("button", name="Check").click()


# -- the main widget of each module -------------------------------------------------------------


def use_00_start_here(page: Page, lab) -> None:
    """Check 3.1: a wrong answer gets teaching feedback; Try again; the right answer scores."""
    check = page.locator(".bc-check").filter(has_text="Check 3.1").first
    check.scroll_into_view_if_needed()
    feedback = check.locator(".bc-feedback")
    expect(feedback).to_have_text("")

    answer_single(check, "She has a new primary bone cancer in her spine.", "sure")
    expect(feedback).to_contain_text("Not this time")
    expect(feedback).to_contain_text("✘ Not quite")
    expect(feedback).to_contain_text("Certainty-based mark: -6")
    retry = check.get_by_role("button", name="Try again")
    expect(retry).to_be_enabled()
    retry.click()
    expect(feedback).to_have_text("")

    answer_single(
        check,
        "She has breast cancer cells growing in her spine: secondary (metastatic) bone cancer.",
        "fairly sure",
    )
    expect(feedback).to_contain_text("Correct.")
    expect(feedback).to_contain_text("✔ Right")
    expect(feedback).to_contain_text("Certainty-based mark: +2")
    rows = attempts_in(lab.server.progress, "m00-secondary-meaning")
    assert [bool(c) for _, c in rows] == [False, True], rows

    # the check group keeps a running score
    group_score = page.get_by_text(re.compile(r"Answered \d of 3\. Score so far"))
    expect(group_score).to_contain_text("Answered 0 of 3")
    check.scroll_into_view_if_needed()


MAIN_WIDGET: dict[str, Callable[[Page, object], None]] = {
    "00_start_here.ipynb": use_00_start_here,
}


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_module_runs_and_main_widget_responds(notebook: str, lab, page: Page, shoot) -> None:
    lab.open(f"notebooks/{notebook}")
    lab.run_all()
    assert lab.errors() == [], f"{notebook} showed errors in JupyterLab"
    assert page.errors == [], f"JavaScript errors: {page.errors}"
    use = MAIN_WIDGET.get(notebook)
    if use is not None:
        use(page, lab)
    shoot(page, f"lab-{Path(notebook).stem}")
    assert lab.errors() == [], f"{notebook} showed errors after using its widget"
