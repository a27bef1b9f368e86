"""The learning record: time spent, modules completed, objectives met, HTML and PDF."""

from __future__ import annotations

import html
import os
from datetime import datetime, timezone

import pytest

from course import record as record_module
from course.progress import Attempt, ProgressStore
from course.record import (
    NO_PDF_MESSAGE,
    PdfUnavailableError,
    build_record,
    format_duration,
    html_to_pdf,
    pdf_converter,
    record_html,
    time_spent,
    write_record,
)

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc)


def _attempt(n, module, ts, seconds=10.0):
    return Attempt(n, f"m{module[:2]}-x", module, "a", True, 1.0, None, ts, seconds)


def _opened(module, ts):
    return {"kind": "module_opened", "module": module, "ts": ts}


def test_time_runs_from_opening_to_the_last_answer():
    events = [_opened("01_a", "2026-03-02T09:00:00+00:00")]
    attempts = [
        _attempt(1, "01_a", "2026-03-02T09:10:00+00:00"),
        _attempt(2, "01_a", "2026-03-02T09:25:00+00:00"),
    ]
    assert time_spent(attempts, events) == {"01_a": 25 * 60}


def test_a_long_gap_ends_the_session_and_later_answers_add_their_own_seconds():
    events = [_opened("01_a", "2026-03-02T09:00:00+00:00")]
    attempts = [
        _attempt(1, "01_a", "2026-03-02T09:10:00+00:00", 30),
        _attempt(2, "01_a", "2026-03-02T11:00:00+00:00", 45),
        _attempt(3, "01_a", "2026-03-02T11:01:00+00:00", 5000),
    ]  # capped at 600
    assert time_spent(attempts, events) == {"01_a": 10 * 60 + 45 + 600}


def test_opening_another_module_ends_the_session():
    events = [
        _opened("01_a", "2026-03-02T09:00:00+00:00"),
        _opened("02_b", "2026-03-02T09:20:00+00:00"),
    ]
    attempts = [
        _attempt(1, "01_a", "2026-03-02T09:05:00+00:00"),
        _attempt(2, "02_b", "2026-03-02T09:50:00+00:00"),
    ]
    assert time_spent(attempts, events) == {"01_a": 5 * 60, "02_b": 30 * 60}


def test_a_module_opened_without_answers_counts_nothing_and_other_events_are_ignored():
    events = [
        _opened("01_a", "2026-03-02T09:00:00+00:00"),
        {"kind": "something_else", "module": "01_a", "ts": "2026-03-02T10:00:00+00:00"},
    ]
    assert time_spent([], events) == {"01_a": 0.0}


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 min"),
        (20, "under 1 min"),
        (60, "1 min"),
        (3725, "1 h 2 min"),
        (7200, "2 h 0 min"),
    ],
)
def test_format_duration(seconds, text):
    assert format_duration(seconds) == text


def test_record_of_the_seeded_history(bank, store):
    record = build_record(store, bank, "  Ann   Nurse ", now=NOW)
    assert record.learner == "Ann Nurse"
    # 09:00 to 09:30 on day 1, 09:58 to 10:20 on day 2
    assert record.seconds_by_module == {"90_selftest": 52 * 60}
    assert [m.module for m in record.modules_completed] == ["90_selftest"]
    assert (record.objectives_met, record.objectives_judged) == (1, 2)
    assert record.first_activity == datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    page = record_html(record)
    assert "<b>Learner:</b> Ann Nurse" in page
    assert "02 March 2026 to 03 March 2026" in page
    assert "Modules completed: <b>1 of 1</b>" in page
    assert "Learning objectives met: <b>1 of 2</b>" in page
    assert "<b>52 min</b>" in page
    assert "✔ Met</span>: Calculate an adjusted calcium." in page
    assert "Not yet</span>: Recognise the red flags of spinal cord compression." in page
    assert "not medical advice" in page


def test_record_escapes_the_learners_name(bank, store):
    page = record_html(build_record(store, bank, "<script>x</script> & Co", now=NOW))
    assert "<script>x" not in page and html.escape("<script>x</script> & Co") in page


def test_empty_record_says_nothing_has_happened_yet(bank, tmp_path):
    record = build_record(ProgressStore(tmp_path / "empty.sqlite"), bank, now=NOW)
    page = record_html(record)
    assert "no activity recorded yet" in page
    assert "(write your name here)" in page
    assert "Modules completed: <b>0 of 1</b>" in page


def test_without_a_converter_the_html_is_written_and_the_message_says_no_pdf(
    bank, store, tmp_path, monkeypatch
):
    monkeypatch.setattr(record_module, "pdf_converter", lambda: None)
    files = write_record(build_record(store, bank, now=NOW), tmp_path / "out" / "record.html")
    assert files.html.exists() and files.pdf is None
    assert "PDF not available" in files.message and "Print" in files.message
    with pytest.raises(PdfUnavailableError, match="no PDF converter was found"):
        html_to_pdf(files.html, tmp_path / "x.pdf")
    assert "weasyprint" in NO_PDF_MESSAGE and "Chromium" in NO_PDF_MESSAGE


def test_html_only_when_asked(bank, store, tmp_path):
    files = write_record(build_record(store, bank, now=NOW), tmp_path / "r.html", pdf=False)
    assert files.pdf is None and not (tmp_path / "r.pdf").exists()


@pytest.mark.slow
def test_pdf_is_written_where_a_converter_exists(bank, store, tmp_path):
    if pdf_converter() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI installs Chromium, so a PDF converter must be found")
        pytest.skip("no PDF converter (weasyprint or Chromium) on this machine")
    files = write_record(build_record(store, bank, "Ann Nurse", now=NOW), tmp_path / "r.html")
    assert files.pdf is not None, files.message
    assert files.pdf.read_bytes()[:5] == b"%PDF-"
    assert files.pdf.stat().st_size > 5000


def test_other_events_count_as_activity_within_a_session():
    events = [
        _opened("05_e", "2026-03-02T09:00:00+00:00"),
        {
            "kind": "case_finished",
            "module": "05_e",
            "ts": "2026-03-02T09:40:00+00:00",
            "detail": "m05-case-x:good:6/6",
        },
    ]
    attempts = [_attempt(1, "05_e", "2026-03-02T09:15:00+00:00")]
    assert time_spent(attempts, events) == {"05_e": 40 * 60}


def test_branching_cases_finished_are_listed_in_the_record(bank, store):
    store.log_event(
        "case_finished", "90_selftest", "m90-case-legs:good:5/6", ts="2026-03-03T10:30:00+00:00"
    )
    store.log_event("case_finished", "90_selftest", "garbled", ts="2026-03-03T10:31:00+00:00")
    record = build_record(store, bank, now=NOW)
    assert record.cases == (("2026-03-03", "m90-case-legs", "good", "5/6"),)
    page = record_html(record)
    assert "Patient cases worked through" in page and "<td>m90-case-legs</td>" in page
    # both events extend the day-2 session to 10:31: 30 + 33 minutes
    assert record.seconds_by_module == {"90_selftest": 63 * 60}
