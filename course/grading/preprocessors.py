"""nbgrader preprocessors of our own (loaded by nbgrader from ``quizzes/nbgrader_config.py``)."""

from __future__ import annotations

import re

from nbconvert.preprocessors import Preprocessor as _NbconvertPreprocessor
from traitlets import Bool


class Preprocessor(_NbconvertPreprocessor):
    """An nbconvert preprocessor that is on by default.

    nbconvert's preprocessors are off (``enabled = False``) unless a config turns them on, and
    an exporter skips a disabled one silently: listed in ``GenerateFeedback.preprocessors``
    they would never run. Ours run whenever they are listed.
    """

    enabled = Bool(True, help="Run this preprocessor (on unless turned off).").tag(config=True)


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_BEGIN, _END = "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"


def hidden_test_lines(source: str) -> list[str]:
    """The non-trivial lines (stripped) inside a cell's hidden-test regions."""
    lines, inside = [], False
    for line in source.split("\n"):
        if _BEGIN in line:
            inside = True
        elif _END in line:
            inside = False
        elif inside and len(line.strip()) >= 6:
            lines.append(line.strip())
    return lines


def _redact_text(text: str, secrets: list[str]) -> tuple[str, bool]:
    kept, changed = [], False
    for line in text.split("\n"):
        plain = _ANSI.sub("", line)
        if any(secret in plain for secret in secrets) or _BEGIN in plain or _END in plain:
            changed = True
            continue
        kept.append(line)
    return "\n".join(kept), changed


def redact_outputs(nb, secrets: list[str]) -> int:
    """Remove every output line quoting a hidden-test line (e.g. in a traceback).

    Returns the number of outputs changed.
    """
    changed = 0
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                new_tb = []
                for entry in output.get("traceback", []):
                    text, hit = _redact_text(entry, secrets)
                    changed += hit
                    if text.strip() or not hit:
                        new_tb.append(text)
                output["traceback"] = new_tb
            elif output.get("output_type") == "stream":
                output["text"], hit = _redact_text(output.get("text", ""), secrets)
                changed += hit
            for mime, value in list(output.get("data", {}).items()):
                if mime.startswith("text/") and isinstance(value, str):
                    output["data"][mime], hit = _redact_text(value, secrets)
                    changed += hit
    return changed


class RedactHiddenTests(Preprocessor):
    """Strip hidden-test lines from outputs before nbgrader's ClearHiddenTests strips sources.

    nbgrader's ClearHiddenTests removes hidden tests from cell sources only; a traceback in an
    output can still quote them. Run this first in GenerateFeedback's preprocessors.
    """

    def preprocess(self, nb, resources):
        """Redact every output line that quotes a hidden test of ``nb``."""
        secrets = []
        for cell in nb.cells:
            if cell.get("cell_type") == "code":
                secrets.extend(hidden_test_lines(cell.get("source", "")))
        if secrets:
            redact_outputs(nb, sorted(set(secrets)))
        return nb, resources


class QuizFeedback(Preprocessor):
    """Write each question's feedback into a quiz notebook before nbgrader renders it.

    Marks come from :func:`course.grading.answers.grader_marks` on the learner's *submitted*
    notebook (and the answers file beside it), keys from the trainer's bank; nothing the
    learner's code printed is used. Feedback shows what the learner chose, its feedback and the
    explanation; ``full_key`` (off by default) adds every option's verdict and the answer.
    Notebooks of quizzes built before answers were saved are left as they are.
    """

    full_key = Bool(
        False,
        help="Show every option's verdict and the right answer in learners' feedback "
        "(for example once the quiz has closed for everyone).",
    ).tag(config=True)

    def preprocess(self, nb, resources):
        """Mark the learner's saved answers in the grader and put the verdicts in ``nb``."""
        if nb.metadata.get("bonecourse", {}).get("answers") != "saved":
            return nb, resources
        info = resources.get("nbgrader", {})
        quiz, student = info.get("assignment"), info.get("student")
        if not quiz or not student:
            return nb, resources
        from pathlib import Path

        import nbformat
        from nbgrader.coursedir import CourseDirectory

        from course.grading.answers import grader_marks, saved_records
        from course.grading.feedback import add_quiz_feedback
        from course.questions.bank import trainer_bank

        course_dir = Path(CourseDirectory(config=self.config).root)
        notebook = info.get("notebook") or quiz
        folder = course_dir / "submitted" / student / quiz
        path = folder / f"{notebook}.ipynb"
        if not path.exists():
            self.log.warning("QuizFeedback: no submitted notebook at %s; feedback left as is", path)
            return nb, resources
        submitted = nbformat.read(str(path), as_version=4)
        bank = trainer_bank(course_dir)
        marks = grader_marks(course_dir, quiz, submitted, folder, bank=bank)
        records, _ = saved_records(submitted, quiz, folder)
        orders = {item_id: r["order"] for item_id, r in records.items()}
        add_quiz_feedback(nb, marks, bank, orders, full_key=self.full_key)
        return nb, resources
