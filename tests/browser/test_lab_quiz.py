"""A released graded quiz in JupyterLab, in headless Chromium: answered by mouse and keyboard,
saved, handed in as a plain notebook upload, graded through ``bonecourse quiz``, and reopened.

The quiz is released from the course copy's nbgrader folder (``bonecourse quiz release``) and
put where ``nbgrader fetch`` would put it. The learner answers question 1 by clicking the right
option, question 2 with the keyboard (Tab between tick boxes, Space to tick: one of the two
right options only), question 3 by typing a wrong number, and writes an answer to question 4.
The notebook alone (no answers file) is imported and autograded; the grade must be what those
answers earn by key (2 of the 4 automatic points), whatever order the options were shown in.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from playwright.sync_api import Page, expect

from conftest import server_env

QUIZ = "quiz_00_start_here"
MIME = "application/vnd.bonecourse.quiz-answer+json"


def _bonecourse(course_home: Path, *args: str, timeout: float = 600) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "course.cli", "quiz", *args],
        cwd=course_home / "course",
        env=server_env(course_home),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert proc.returncode == 0, (
        f"bonecourse quiz {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}"
    )
    return proc.stdout


def _public_questions(notebook: Path) -> dict:
    """The QUESTIONS of the quiz's setup cell (the public part: options with their keys)."""
    nb = nbformat.read(notebook, as_version=4)
    setup = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "setup")
    for node in ast.parse(setup.source).body:
        if isinstance(node, ast.Assign) and node.targets[0].id == "QUESTIONS":
            return ast.literal_eval(node.value)
    raise AssertionError("the setup cell holds no QUESTIONS")


def _option_text(question: dict, key: str) -> str:
    return dict((k, t) for k, t in question["options"])[key]


def _saved_values(path: Path) -> dict[str, object]:
    """item id -> value of the saved records in a notebook file's outputs."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    found = {}
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            record = out.get("data", {}).get(MIME)
            if record:
                found[record["item"]] = record["value"]
    return found


def _wait_for(condition, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def test_quiz_answered_by_mouse_and_keyboard_is_graded_and_restored(
    lab, page: Page, lab_server, course_home: Path, shoot
) -> None:
    from course.questions.bank import trainer_bank

    course = lab_server.root
    qdir = course / "quizzes"
    _bonecourse(course_home, "release", "00", "--course", str(qdir))
    learner = course / "learner" / QUIZ
    shutil.copytree(qdir / "release" / QUIZ, learner)
    notebook = learner / f"{QUIZ}.ipynb"
    public = _public_questions(notebook)
    bank = trainer_bank(qdir)
    items = [bank.item(i) for i in public]
    number = {item.id: public[item.id]["n"] for item in items}  # "Question N" in the notebook
    single, multiple, numeric, text = (
        next(item for item in items if item.type == kind)
        for kind in ("single", "multiple", "numeric", "text")
    )

    lab.open(f"learner/{QUIZ}/{QUIZ}.ipynb")
    lab.run_all()
    assert lab.errors() == [], "the released quiz showed errors in JupyterLab"
    assert page.errors == [], f"JavaScript errors: {page.errors}"

    # question 1 with the mouse: the right option, found by its words (its letter varies)
    right_text = _option_text(public[single.id], single.answer)
    single_group = page.get_by_role(
        "radiogroup", name=re.compile(rf"^Question {number[single.id]}\.")
    )
    radio = single_group.get_by_role("radio", name=re.compile(re.escape(right_text)))
    radio.scroll_into_view_if_needed()
    radio.click()
    expect(radio).to_be_checked()

    # the multiple-response question with the keyboard: Tab through the tick boxes, Space on one
    # right option only
    group = page.get_by_role("group", name=re.compile(rf"^Question {number[multiple.id]}\."))
    boxes = group.get_by_role("checkbox")
    first_right = sorted(multiple.correct_keys)[0]
    wanted = _option_text(public[multiple.id], first_right)
    boxes.first.focus()
    for _ in range(boxes.count()):
        name = page.evaluate("() => document.activeElement.closest('label').innerText")
        if name.strip().endswith(wanted):
            page.keyboard.press("Space")
            break
        page.keyboard.press("Tab")
    expect(group.get_by_role("checkbox", name=re.compile(re.escape(wanted)))).to_be_checked()

    # the numeric question typed wrong; the written one answered
    box = page.get_by_role("textbox", name=re.compile(rf"^Question {number[numeric.id]}\b"))
    box.click()
    page.keyboard.type("9,9")
    essay = page.get_by_role("textbox", name=re.compile(rf"^Question {number[text.id]}\b"))
    essay.click()
    page.keyboard.type("Local policy sets how I work on this ward.")
    page.keyboard.press("Tab")
    shoot(page, "lab-quiz-00-answered")

    # every change is saved at once beside the notebook; the notebook keeps it once saved
    answers = learner / f"{QUIZ}.answers.json"
    _wait_for(
        lambda: (
            answers.exists()
            and len(json.loads(answers.read_text())["answers"]) >= 4
            and json.loads(answers.read_text())["answers"][numeric.id]["value"] == "9,9"
        ),
        "the answers file",
    )
    page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
    _wait_for(lambda: _saved_values(notebook).get(numeric.id) == "9,9", "the saved notebook")
    values = _saved_values(notebook)
    assert values[single.id] == single.answer and values[multiple.id] == [first_right]
    assert values[text.id].startswith("Local policy")

    # what the saved notebook alone earns, marked by the grader by key
    from course.grading.answers import grader_marks

    expected = {single.id: 1.0, multiple.id: multiple.points / 2, numeric.id: 0.0}
    marks = grader_marks(qdir, QUIZ, nbformat.read(notebook, 4), None, bank=bank)
    assert {k: marks[k].points for k in expected} == expected
    assert marks[text.id].points is None  # the trainer marks the written answer

    # reopening the quiz shows the choices again
    lab.shutdown_kernels()
    lab.open(f"learner/{QUIZ}/{QUIZ}.ipynb")
    lab.run_all()
    single_group = page.get_by_role(
        "radiogroup", name=re.compile(rf"^Question {number[single.id]}\.")
    )
    radio = single_group.get_by_role("radio", name=re.compile(re.escape(right_text)))
    radio.scroll_into_view_if_needed()
    expect(radio).to_be_checked()
    group = page.get_by_role("group", name=re.compile(rf"^Question {number[multiple.id]}\."))
    expect(group.get_by_role("checkbox", name=re.compile(re.escape(wanted)))).to_be_checked()
    box = page.get_by_role("textbox", name=re.compile(rf"^Question {number[numeric.id]}\b"))
    expect(box).to_have_value("9,9")
    shoot(page, "lab-quiz-00-reopened")
    assert lab.errors() == []
    lab.shutdown_kernels()

    # handed in as a plain upload (the notebook only), imported and graded
    upload = course_home / "upload"
    upload.mkdir()
    shutil.copy(notebook, upload / "ann_lee.ipynb")
    _bonecourse(course_home, "import", "00", str(upload), "--course", str(qdir))
    assert not (qdir / "submitted" / "ann_lee" / QUIZ / f"{QUIZ}.answers.json").exists()
    _bonecourse(course_home, "autograde", "00", "--course", str(qdir), "--no-progress")

    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{qdir / 'gradebook.db'}") as gb:
        grades = {
            g.name: g.auto_score for g in gb.find_submission_notebook(QUIZ, QUIZ, "ann_lee").grades
        }
    assert {k: grades[k] for k in expected} == expected, (
        "autograde must record what the saved answers earn (course.grading.answers.grader_marks)"
    )
