"""My progress widgets, headless: build them on a seeded store, use the controls, check output."""

from __future__ import annotations

from datetime import datetime, timezone

from course.learner import record as record_module
from course.learner.store import ProgressStore
from course.widgets.learning_record_view import LearningRecordView
from course.widgets.standing_view import (
    ProgressDashboard,
    certainty_marking,
    confidently_wrong,
    progress_history,
)

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc)


def test_dashboard_shows_the_seeded_figures(bank, store):
    dash = ProgressDashboard(store=store, bank=bank)
    assert "bc-dashboard" in dash._dom_classes
    summary = dash.summary.value
    assert "5 questions answered" in summary
    assert "0 of 4 right on the first try (17% of the points)" in summary
    assert "certainty-based mark −2.1 per answer" in summary
    assert "Modules completed:</b> 1 of 1" in summary
    assert "Why two scores?" in summary and "nobody double-checks" in summary
    assert "Confidently wrong and not yet put right:</b> 1" in summary
    assert "1 answer(s) are to questions no longer in the course" in summary
    assert dash.module_choice.description == "Show module:"
    assert dash.module_choice.options == (
        ("All modules (summary)", ""),
        ("Self-assessment test module", "90_selftest"),
    )
    row = dash.table.value.split("Self-assessment test module</th>")[1].split("</tr>")[0]
    assert row == (
        "<td>✔ completed</td><td>5 of 5</td><td>0 of 4 (17%)</td><td>−2.1</td><td>1 of 2</td>"
    )
    assert 'alt="Bar chart of your answers on 2 day(s) from 02 Mar to 03 Mar' in dash.history.value
    wrong = dash.wrong.value
    assert wrong.index("m90-red-flag") < wrong.index("m90-case") < wrong.index("m90-multi")
    assert "Every symptom is equally urgent." in wrong


def test_choosing_a_module_shows_its_table(bank, store):
    dash = ProgressDashboard(store=store, bank=bank)
    dash.module_choice.value = "90_selftest"
    assert "Self-assessment test module (completed)" in dash.table.value
    assert "Calculate an adjusted calcium." in dash.table.value
    assert "✔ Met" in dash.table.value and "◯ Not yet" in dash.table.value
    dash.module_choice.value = ""
    assert "Your modules" in dash.table.value


def test_refresh_reads_new_answers(bank, store):
    dash = ProgressDashboard(store=store, bank=bank)
    store.record(
        "m90-case",
        "90_selftest",
        ["a", "a"],
        True,
        1.0,
        "sure",
        12.0,
        ts="2026-03-04T10:00:00+00:00",
    )
    dash.refresh_button.click()
    assert "Confidently wrong and not yet put right:</b> 0" in dash.summary.value
    assert "3 day(s)" in dash.figure.alt


def test_empty_store_says_what_to_do(bank, tmp_path):
    dash = ProgressDashboard(store=ProgressStore(tmp_path / "empty.sqlite"), bank=bank)
    assert "<b>Overall:</b> nothing to show yet" in dash.summary.value
    assert dash.figure.alt.startswith("An empty chart")
    assert "No answers yet" in dash.wrong.value


def test_certainty_marking_shows_scheme_and_both_scores(bank, store):
    page = certainty_marking(store=store, bank=bank)._repr_html_()
    assert '<th scope="row">sure</th><td>+3</td><td>-6</td>' in page
    assert "<caption>Certainty-based marks" in page
    assert "Your plain score:</b> 17%" in page and "certainty-based mark:</b> −2.1" in page
    assert "confident" in page  # the learner-facing reason


def test_history_and_wrong_helpers(bank, store):
    figure = progress_history(store=store, bank=bank)
    assert figure.png_bytes()[:4] == b"\x89PNG"
    assert "3 right and 5 not right out of 8" in figure.alt
    assert "Red flag" in confidently_wrong(store=store, bank=bank, limit=1)._repr_html_()
    assert "and 3 more" in confidently_wrong(store=store, bank=bank, limit=1)._repr_html_()


def test_learning_record_preview_and_save(bank, store, tmp_path, monkeypatch):
    monkeypatch.setattr(record_module, "pdf_converter", lambda: None)
    view = LearningRecordView(store=store, bank=bank, path=str(tmp_path / "rec.html"), now=NOW)
    assert "bc-record" in view._dom_classes
    assert view.name.description == "Your name (optional):"
    assert "(write your name here)" in view.preview.value
    view.name.value = "Ann Nurse"
    assert "Ann Nurse" in view.preview.value
    view.save_button.click()
    assert (tmp_path / "rec.html").exists()
    assert "PDF not available" in view.message.value
    assert "Ann Nurse" in (tmp_path / "rec.html").read_text(encoding="utf-8")
    view.want_pdf.value = False
    files = view.save()
    assert files.pdf is None and "PDF" not in view.message.value


def test_learning_record_reports_a_folder_it_cannot_write(bank, store, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    view = LearningRecordView(store=store, bank=bank, path=str(blocker / "rec.html"), now=NOW)
    view.want_pdf.value = False
    assert view.save() is None
    assert "Could not save the record" in view.message.value


def test_a_tiny_negative_average_never_prints_minus_zero():
    from course.learner.standing import Standing
    from course.widgets.standing_view import standing_sentence

    s = Standing(
        practice_items=3,
        practice_answered=3,
        answered=3,
        marked=3,
        right_first=1,
        right_now=1,
        points=1,
        points_possible=3,
        cbm_total=-0.1,
        cbm_rated=3,
    )
    line = standing_sentence(s)
    assert "certainty-based mark 0.0 per answer" in line
    assert "-0.0" not in line and "−0.0" not in line


def test_dashboard_draws_no_pyplot_figure_and_no_style_blob(bank, store):
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    dash = ProgressDashboard(store=store, bank=bank)
    assert plt.get_fignums() == before
    assert all("<style" not in getattr(c, "value", "") for c in dash.children)
    assert "<style" not in confidently_wrong(store=store, bank=bank)._repr_html_()
