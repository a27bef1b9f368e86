"""The bank export (trainers), record and review (learners) commands, run through the parser."""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile

import pytest
import self_assessment_data as data

from course.cli import main
from course.learner import record as record_module


@pytest.fixture
def bank_dir(tmp_path):
    data.make_bank(tmp_path / "bank")
    return tmp_path / "bank"


@pytest.fixture
def progress(tmp_path):
    data.seed_store(tmp_path / "progress.sqlite")
    return tmp_path / "progress.sqlite"


def test_export_moodle_writes_every_item(bank_dir, tmp_path, capsys):
    out = tmp_path / "q.xml"
    assert main(["export", "moodle", "--bank", str(bank_dir), "-o", str(out)]) == 0
    assert "Wrote 6 question(s)" in capsys.readouterr().out
    names = [q.findtext("name/text") for q in ET.parse(out).getroot().findall("question")]
    assert "m90-assess" in names and "m90-case#2" in names


def test_export_gift_for_one_module_and_use(bank_dir, tmp_path, capsys):
    out = tmp_path / "q.gift.txt"
    assert (
        main(
            [
                "export",
                "gift",
                "--bank",
                str(bank_dir),
                "-m",
                "90",
                "--use",
                "assessment",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    assert "Wrote 1 assessment question(s)" in capsys.readouterr().out
    assert out.read_text(encoding="utf-8").count("::m90-") == 1


def test_export_anki_defaults_to_practice(bank_dir, tmp_path, capsys):
    out = tmp_path / "deck.apkg"
    assert main(["export", "anki", "--bank", str(bank_dir), "-o", str(out)]) == 0
    assert "Wrote 5 practice question(s)" in capsys.readouterr().out
    assert "collection.anki2" in zipfile.ZipFile(out).namelist()


def test_export_of_an_unknown_module_fails_with_a_message(bank_dir, capsys):
    assert main(["export", "gift", "--bank", str(bank_dir), "-m", "07"]) == 1
    assert "the modules are 90_selftest" in capsys.readouterr().err


def test_review_lists_what_is_due(bank_dir, progress, capsys):
    assert (
        main(["review", "--bank", str(bank_dir), "--path", str(progress), "--date", "2026-03-04"])
        == 0
    )
    out = capsys.readouterr().out
    assert "3 question(s) due on 2026-03-04" in out
    assert out.index("m90-red-flag") < out.index("m90-case") < out.index("m90-multi")
    assert "[red flag]" in out and "Fri 06 Mar (1)" in out


def test_review_with_a_bad_date_fails_with_a_message(bank_dir, progress, capsys):
    assert (
        main(["review", "--bank", str(bank_dir), "--path", str(progress), "--date", "tomorrow"])
        == 1
    )
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_record_writes_html_and_says_when_no_pdf(bank_dir, progress, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(record_module, "pdf_converter", lambda: None)
    out = tmp_path / "rec.html"
    assert (
        main(
            [
                "record",
                "--bank",
                str(bank_dir),
                "--path",
                str(progress),
                "--name",
                "Ann",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    assert "PDF not available" in capsys.readouterr().out
    assert '<th scope="row">Name</th><td>Ann</td>' in out.read_text(encoding="utf-8")


def test_export_names_its_file_after_module_and_use(bank_dir, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["export", "anki", "--bank", str(bank_dir), "-m", "90"]) == 0
    assert (tmp_path / "bone-secondaries-90-practice.apkg").exists()
    assert main(["export", "moodle", "--bank", str(bank_dir)]) == 0
    assert (tmp_path / "bone-secondaries-all-modules.xml").exists()


def test_export_records_the_seed_and_can_keep_the_bank_order(bank_dir, tmp_path, capsys):
    out = tmp_path / "q.gift.txt"
    args = ["export", "gift", "--bank", str(bank_dir), "-o", str(out)]
    assert main([*args, "--seed", "cohort-2026"]) == 0
    printed = capsys.readouterr().out
    assert "options shuffled with seed 'cohort-2026'" in printed
    assert "// Options: shuffled with seed cohort-2026" in out.read_text(encoding="utf-8")
    assert "GIFT has no question weights" in printed and "m90-multi (2)" in printed
    assert main([*args, "--seed", "none"]) == 0
    assert "in the bank's order" in capsys.readouterr().out


def test_review_anki_writes_a_deck_of_the_missed_and_due_items(
    bank_dir, progress, tmp_path, capsys
):
    out = tmp_path / "review.apkg"
    base = ["review", "--bank", str(bank_dir), "--path", str(progress)]
    assert main([*base, "--date", "2026-03-04", "--anki", str(out), "--seed", "me"]) == 0
    assert "Wrote 3 question(s) you missed or that are due on 2026-03-04" in capsys.readouterr().out
    with zipfile.ZipFile(out) as archive:
        archive.extract("collection.anki2", tmp_path)
    import sqlite3

    conn = sqlite3.connect(tmp_path / "collection.anki2")
    ids = sorted(r[0].split("\x1f")[0] for r in conn.execute("SELECT flds FROM notes"))
    conn.close()
    assert ids == ["m90-case", "m90-multi", "m90-red-flag"]


def test_review_anki_with_nothing_to_review_says_so(bank_dir, tmp_path, capsys):
    empty = tmp_path / "empty.sqlite"
    out = tmp_path / "review.apkg"
    base = ["review", "--bank", str(bank_dir), "--path", str(empty), "--anki", str(out)]
    assert main(base) == 1
    assert "Nothing to put in a review deck" in capsys.readouterr().out
    assert not out.exists()


def test_record_marks_the_days_given_as_participatory(bank_dir, progress, tmp_path, capsys):
    out = tmp_path / "rec.html"
    base = ["record", "--bank", str(bank_dir), "--path", str(progress), "-o", str(out)]
    assert main([*base, "--no-pdf", "--participatory", "2026-03-03"]) == 0
    page = out.read_text(encoding="utf-8")
    assert "self-directed 0.50 h" in page and "participatory 0.37 h" in page
    assert main([*base, "--no-pdf", "--participatory", "03/03/2026"]) == 1
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_export_reads_the_trainers_whole_bank_by_default(tmp_path, capsys):
    from course.questions.bank import trainer_bank

    bank = trainer_bank()
    out = tmp_path / "all.xml"
    assert main(["export", "moodle", "-o", str(out)]) == 0
    assert f"Wrote {len(bank)} question(s)" in capsys.readouterr().out
    names = {q.findtext("idnumber") for q in ET.parse(out).getroot().findall("question")}
    uses = {i.use for i in bank if i.id in names}
    assert uses == {i.use for i in bank}  # assessment items too, where the bank has them
