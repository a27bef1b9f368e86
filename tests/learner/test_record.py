"""The learning record: time spent, modules completed, objectives met, HTML and PDF."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from datetime import date, datetime, timezone

import pytest

from course.learner import record as record_module
from course.learner.record import (
    CODE_THEMES,
    NO_PDF_MESSAGE,
    PARTICIPATORY,
    SELF_DIRECTED,
    PdfUnavailableError,
    build_record,
    format_duration,
    format_signed,
    html_to_pdf,
    pdf_converter,
    record_html,
    time_spent,
    write_record,
)
from course.learner.store import Attempt, ProgressStore

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
    assert '<th scope="row">Name</th><td>Ann Nurse</td>' in page
    assert "02 March 2026 to 03 March 2026" in page
    assert "Modules completed: <b>1 of 1</b>" in page
    assert "Learning objectives met: <b>1 of 2</b>" in page
    assert "<b>52 min</b>" in page
    assert re.search(r"<td>Calculate an adjusted calcium.</td>\s*<td><span class=\"met\">", page)
    red_flags = "Recognise the red flags of spinal cord compression."
    assert re.search(rf"<td>{red_flags}</td>\s*<td><span class=\"notyet\">", page)
    assert "not medical advice" in page


def test_each_day_is_an_activity_with_its_hours_and_cpd_method(bank, store):
    record = build_record(store, bank, "Ann Nurse", now=NOW)
    # day 1: 09:00-09:30 with five answers; day 2: 09:58-10:20, four whole answers (the case
    # steps are parts of the case's one answer)
    assert [(a.day, a.seconds, a.method, a.answers) for a in record.activities] == [
        (date(2026, 3, 2), 30 * 60.0, SELF_DIRECTED, 5),
        (date(2026, 3, 3), 22 * 60.0, SELF_DIRECTED, 4),
    ]
    assert [a.hours for a in record.activities] == ["0.50", "0.37"]
    page = record_html(record)
    assert (
        '<td class="nowrap">02 Mar 2026</td><td>Self-assessment test module</td>'
        "<td>Self-directed</td>"
    ) in page
    assert "self-directed 0.87 h" in page and "participatory 0.00 h" in page


def test_days_spent_with_others_or_in_a_workshop_are_participatory(bank, store):
    record = build_record(store, bank, now=NOW, participatory_days=["2026-03-03"])
    assert [a.method for a in record.activities] == [SELF_DIRECTED, PARTICIPATORY]
    assert record.seconds_by_method(PARTICIPATORY) == 22 * 60
    store.log_event("module_opened", "90_selftest", "workshop", ts="2026-03-05T14:00:00+00:00")
    store.record("m90-red-flag", "90_selftest", "a", True, 1.0, "sure", 30.0,
                 ts="2026-03-05T14:20:00+00:00")  # fmt: skip
    record = build_record(store, bank, now=NOW)
    assert record.activities[-1].day == date(2026, 3, 5)
    assert record.activities[-1].method == PARTICIPATORY and record.activities[-1].seconds == 1200
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        build_record(store, bank, participatory_days=["last Tuesday"])


def test_objectives_carry_their_evidence(bank, store):
    page = record_html(build_record(store, bank, now=NOW))
    assert "right at the latest try" in page and "right first time" in page
    assert "1 patient case completed" not in page  # no case finished in the seeded history


def test_the_reflective_account_follows_the_nmc_forms_headings(bank, store):
    page = record_html(build_record(store, bank, now=NOW))
    for heading in (
        "The CPD activity, feedback, or event or experience in your practice",
        "What did you learn from it?",
        "How did you change or improve your practice as a result, or how will you?",
        "How is this relevant to the Code?",
    ):
        assert f"<p>{heading}</p>" in page
    for theme in CODE_THEMES:
        assert f"<li>{theme}</li>" in page
    assert page.index("Reflective account") > page.index("CPD activity log")


def test_pages_are_a4_with_name_and_page_numbers_in_every_margin(bank, store):
    page = record_html(build_record(store, bank, 'Ann "A" Nurse </style><b>', now=NOW))
    assert "size: A4" in page
    assert '@top-right { content: "Name: Ann \\"A\\" Nurse \\3c /style\\3e \\3c b\\3e ";' in page
    assert 'content: "Page " counter(page) " of " counter(pages)' in page
    assert "</style><b>" not in page


@pytest.mark.parametrize(
    ("value", "text"),
    [(-0.04, "0.0"), (-0.0, "0.0"), (0.0, "0.0"), (-1.25, "−1.2"), (2, "+2.0"), (None, "–")],
)
def test_signed_marks_never_show_a_negative_zero(value, text):
    assert format_signed(value) == text


def test_a_record_whose_marks_cancel_out_shows_a_plain_zero(bank, tmp_path):
    store = ProgressStore(tmp_path / "p.sqlite")
    store.log_event("module_opened", "90_selftest", ts="2026-03-02T09:00:00+00:00")
    # right and "fairly sure" (+2), then wrong and "fairly sure" (-2): the average is zero
    store.record("m90-red-flag", "90_selftest", "a", True, 1.0, "fairly sure", 10.0,
                 ts="2026-03-02T09:01:00+00:00")  # fmt: skip
    store.record("m90-multi", "90_selftest", ["c"], False, 0.0, "fairly sure", 10.0,
                 ts="2026-03-02T09:02:00+00:00")  # fmt: skip
    record = build_record(store, bank, now=NOW)
    assert record.dashboard.overall.cbm_average == 0
    page = record_html(record)
    assert "average certainty-based mark:\n <b>0.0</b>" in page
    assert not re.search(r"[-−+]0\.0\b", page)


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


def _poppler(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} (Debian package poppler-utils) is needed in CI")
        pytest.skip(f"{tool} (Debian package poppler-utils) is not installed")
    return found


def test_every_pdf_page_is_a4_with_the_name_and_its_page_number(bank, store, tmp_path):
    if pdf_converter() is None:
        if os.environ.get("CI"):
            pytest.fail("CI installs Chromium, so a PDF converter must be found")
        pytest.skip("no PDF converter (weasyprint or Chromium) on this machine")
    pdfinfo, pdftotext = _poppler("pdfinfo"), _poppler("pdftotext")
    for n in range(3):  # enough activity for more than one page
        store.log_event(
            "case_finished", "90_selftest", f"m90-case-{n}:good:5/6", ts=f"2026-03-0{4 + n}T10:00"
        )
    files = write_record(build_record(store, bank, "Ann Nurse", now=NOW), tmp_path / "r.html")
    assert files.pdf is not None, files.message
    info = subprocess.run([pdfinfo, files.pdf], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 2
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)  # A4 in mm
    for page in range(1, pages + 1):
        text = subprocess.run(
            [pdftotext, "-f", str(page), "-l", str(page), "-layout", files.pdf, "-"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        assert "Name: Ann Nurse" in text, page
        assert f"Page {page} of {pages}" in text, page
        assert "-0.0" not in text and "−0.0" not in text
