"""Progress figures from a seeded history, checked against values worked out by hand; and the
My progress notebook executed against an empty and a full progress store."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from course.learner.standing import build_dashboard, parse_ts
from course.learner.store import Attempt, ProgressStore

HERE = Path(__file__).parent


def test_empty_store_gives_an_empty_dashboard_with_every_module(bank, tmp_path):
    dash = build_dashboard(ProgressStore(tmp_path / "empty.sqlite"), bank)
    assert dash.empty
    assert [m.module for m in dash.modules] == ["90_selftest"]
    module = dash.modules[0]
    assert not module.opened and not module.completed
    assert module.standing.practice_items == 5
    assert module.standing.score is None and module.standing.cbm_average is None
    assert [o.met for o in module.objectives] == [False, False, None]
    assert dash.history == () and dash.confidently_wrong == ()


def test_module_figures_count_first_tries_and_whole_cases_only(bank, store):
    module = build_dashboard(store, bank).module("90_selftest")
    s = module.standing
    # five practice items answered (the text item too); case steps are not items
    assert (s.practice_items, s.practice_answered, s.answered, s.marked) == (5, 5, 5, 4)
    # first tries: red flag wrong, multi wrong, calcium wrong, case half right (2 points)
    assert s.right_first == 0
    assert s.points == pytest.approx(1.0)
    assert s.points_possible == pytest.approx(6.0)
    assert s.score == pytest.approx(1 / 6)
    # latest: red flag, multi and calcium right; the case still not fully right
    assert s.right_now == 3
    # CBM on first tries: sure wrong −6, fairly sure wrong −2, fairly sure wrong −2, sure wrong −6
    # -6 (red flag, sure) -2 (multi) -2 (calcium) +1.5 (case half right, sure: 3 x 0.5)
    assert s.cbm_total == pytest.approx(-8.5) and s.cbm_rated == 4
    assert s.cbm_average == pytest.approx(-2.125)
    assert module.opened and module.completed


def test_objectives_met_only_when_every_practice_item_is_right_at_the_latest_try(bank, store):
    module = build_dashboard(store, bank).module("90_selftest")
    by_key = {o.objective: o for o in module.objectives}
    assert by_key["O1"].met is False  # the case's latest answer is only half right
    assert by_key["O2"].met is True  # calcium right at the latest try (assessment item ignored)
    assert by_key["O3"].met is None  # only a free-text item: cannot be judged
    assert by_key["O1"].standing.cbm_average == pytest.approx((-6 - 2 + 1.5) / 3)
    assert module.objectives_met == 1 and module.objectives_judged == 2


def test_history_is_per_day_without_case_steps_or_unknown_items(bank, store):
    dash = build_dashboard(store, bank)
    assert [(h.day, h.answered, h.right, h.cbm_total, h.cbm_rated) for h in dash.history] == [
        (date(2026, 3, 2), 5, 1, -8.0, 4),
        (date(2026, 3, 3), 3, 2, 5.5, 3),  # case 3 x 0.5, multi +1, calcium +3
    ]
    assert dash.unknown_attempts == 1  # m90-gone is no longer in the bank


def test_confidently_wrong_lists_red_flags_first_with_their_misconceptions(bank, store):
    wrong = build_dashboard(store, bank).confidently_wrong
    assert [w.item_id for w in wrong] == ["m90-red-flag", "m90-calcium", "m90-case", "m90-multi"]
    first = wrong[0]
    assert first.red_flag and first.confidence == "sure" and first.put_right_since
    assert first.misconceptions == ("Every symptom is equally urgent.",)
    assert wrong[1].misconceptions == ("The albumin correction is subtracted.",)
    # the case's misconception comes from the wrong step attempt before it
    assert wrong[2].misconceptions == ("Red flags can wait until the morning.",)
    assert not wrong[2].put_right_since
    assert wrong[3].misconceptions == ("Any change is a sign.",)


def test_unsure_wrong_answers_are_not_confidently_wrong(bank):
    attempts = [
        Attempt(
            1,
            "m90-red-flag",
            "90_selftest",
            "b",
            False,
            0.0,
            "guessing",
            "2026-03-02T09:00:00+00:00",
            5.0,
        ),
        Attempt(
            2, "m90-multi", "90_selftest", ["c"], False, 0.0, None, "2026-03-02T09:01:00+00:00", 5.0
        ),
    ]
    dash = build_dashboard(attempts, bank)
    assert dash.confidently_wrong == ()
    assert dash.overall.cbm_rated == 1 and dash.overall.cbm_total == 0.0


def test_answers_to_an_older_version_of_an_item_do_not_break_the_dashboard(bank):
    attempts = [
        Attempt(
            1,
            "m90-red-flag",
            "90_selftest",
            "z",
            False,
            0.0,
            "sure",
            "2026-03-02T09:00:00+00:00",
            5.0,
        ),
    ]
    wrong = build_dashboard(attempts, bank).confidently_wrong
    assert len(wrong) == 1 and wrong[0].misconceptions == ()


def test_unknown_module_is_named_with_the_ones_there_are(bank, store):
    with pytest.raises(KeyError, match="90_selftest"):
        build_dashboard(store, bank).module("05_nope")


def test_parse_ts_reads_z_and_naive_times_as_utc():
    assert parse_ts("2026-03-02T09:00:00Z") == parse_ts("2026-03-02T09:00:00+00:00")
    assert parse_ts("2026-03-02T09:00:00").tzinfo is not None
    with pytest.raises(ValueError):
        parse_ts("yesterday")


# -- the notebook -------------------------------------------------------------------------------


def _real_history(path: Path) -> int:
    """Fill a store from the real bank, whatever modules it has: per practice item, a confident
    wrong answer first, then a right one (text items get a written answer)."""
    from course.questions.bank import default_bank
    from course.questions.marking import check_answer

    bank = default_bank()
    store = ProgressStore(path)
    n = 0
    for k, item in enumerate(bank.select(use="practice")):
        ts = f"2026-03-{1 + k % 20:02d}T10:{k % 60:02d}:00+00:00"
        store.log_event("module_opened", item.module, ts=ts)
        if item.type == "text":
            store.record(item.id, item.module, "My answer in a sentence.", None, 0.0, None, 30, ts)
        elif item.type == "case":
            keys = [s.answer for s in item.steps]
            store.record(item.id, item.module, keys, False, 0.5, "sure", 60, ts)
        elif item.type in ("single", "multiple"):
            wrong = [o.key for o in item.options if o.key not in item.correct_keys][:1]
            answer = wrong[0] if item.type == "single" else wrong
            store.record(item.id, item.module, answer, False, 0.0, "sure", 20, ts)
            result = check_answer(item, item.answer)
            store.record(
                item.id,
                item.module,
                result.response,
                True,
                1.0,
                "fairly sure",
                10,
                ts.replace(":00+", ":30+"),
            )
        elif item.type == "numeric":
            store.record(
                item.id,
                item.module,
                float(item.answer) + 10 * (item.tolerance + 1),
                False,
                0.0,
                "fairly sure",
                20,
                ts,
            )
        n += 1
    return n


def _run_notebook(progress: Path):
    import nbformat
    from nbclient import NotebookClient

    nb_path = HERE.parents[1] / "notebooks" / "my_progress.ipynb"
    nb = nbformat.read(nb_path, as_version=4)
    old = os.environ.get("BONECOURSE_PROGRESS")
    os.environ["BONECOURSE_PROGRESS"] = str(progress)
    try:
        NotebookClient(
            nb,
            timeout=120,
            kernel_name="python3",
            shutdown_kernel="immediate",
            resources={"metadata": {"path": str(nb_path.parent)}},
        ).execute()
    finally:
        if old is None:
            os.environ.pop("BONECOURSE_PROGRESS", None)
        else:
            os.environ["BONECOURSE_PROGRESS"] = old
    errors = [
        o
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.get("output_type") == "error"
    ]
    assert not errors, errors
    return nb


@pytest.mark.slow
@pytest.mark.parametrize("filled", [False, True], ids=["empty-store", "full-store"])
def test_my_progress_notebook_runs_clean(tmp_path, filled):
    progress = tmp_path / "progress.sqlite"
    answered = _real_history(progress) if filled else 0
    nb = _run_notebook(progress)
    text = "\n".join(
        str(o.get("data", {}).get("text/html", "")) + str(o.get("data", {}).get("text/plain", ""))
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
    )
    if filled:
        assert answered > 0
        assert "you were “sure”" in text  # the confidently wrong list has entries
        assert "Your plain score" in text
    else:
        assert "No answers yet, so no confident mistakes either." in text
