"""Tests of ``tools/measure_house.py``: how a string literal is classified and counted."""

from __future__ import annotations

import ast
import importlib.util
import sys
import textwrap
from pathlib import Path

import pytest

TOOL = Path(__file__).resolve().parents[1] / "tools" / "measure_house.py"
_spec = importlib.util.spec_from_file_location("measure_house", TOOL)
mh = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("measure_house", mh)
_spec.loader.exec_module(mh)


def categories(source: str) -> dict[str, str]:
    """``{string: category}`` for every counted string of a small code sample."""
    tree = ast.parse(textwrap.dedent(source))
    parents = mh.parent_map(tree)
    docstrings = mh._docstring_ids(tree)
    names = mh.message_names(tree, parents)
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) not in docstrings and len(mh.WORD.findall(node.value)) >= 4:
                found[node.value] = mh.classify(node, parents, names)
    return found


@pytest.mark.parametrize(
    "source, text",
    [
        (
            'raise ValueError("the answer cell is not valid Python")',
            "the answer cell is not valid Python",
        ),
        ('raise ValueError(f"item {x} is not in this quiz")', " is not in this quiz"),
        (
            'problem = RecordError("a saved answer must be an object")',
            "a saved answer must be an object",
        ),
        ('assert ok, "the bank must hold some items"', "the bank must hold some items"),
        ('warnings.warn("this option will go away soon")', "this option will go away soon"),
        ('log.warning("no submitted notebook at %s here", p)', "no submitted notebook at %s here"),
        (
            'logger.info("the quiz was released to the exchange")',
            "the quiz was released to the exchange",
        ),
        (
            'p.add_argument("--seed", help="option-order seed for the deck")',
            "option-order seed for the deck",
        ),
        (
            'sub.add_parser("lab", description="any further options go to jupyter")',
            "any further options go to jupyter",
        ),
        ('sys.exit("nothing was graded at all")', "nothing was graded at all"),
        (
            'print("could not write the file here", file=sys.stderr)',
            "could not write the file here",
        ),
        ('problems.append(f"{name} could not be read here")', " could not be read here"),
    ],
)
def test_messages(source, text):
    assert categories(source)[text] == mh.MESSAGE


@pytest.mark.parametrize(
    "source, text",
    [
        (
            'con.execute("SELECT item_id, module, answer FROM attempts")',
            "SELECT item_id, module, answer FROM attempts",
        ),
        (
            'SCHEMA = "CREATE TABLE meta (key text, value text)"',
            "CREATE TABLE meta (key text, value text)",
        ),
        (
            'con.execute("delete from the attempts where id = ?")',
            "delete from the attempts where id = ?",
        ),
        ('PATTERN = r"\\b(all|none|both) of the above\\b"', "\\b(all|none|both) of the above\\b"),
        (
            'CSS = ".bs-diagram svg{width:100%;max-width:52em;height:auto}"',
            ".bs-diagram svg{width:100%;max-width:52em;height:auto}",
        ),
        ("HTML = '<p class=\"bc-quiz-check\"><b>'", '<p class="bc-quiz-check"><b>'),
        (
            'ATTACK = "import os\\nos.remove(path)\\nprint(the_key)"',
            "import os\nos.remove(path)\nprint(the_key)",
        ),
        (
            'CODE = f"print({x!r}, \\"blocked\\", type(exc).__name__)"',
            ', "blocked", type(exc).__name__)',
        ),
    ],
)
def test_code_and_markup(source, text):
    assert categories(source)[text] == mh.CODE


@pytest.mark.parametrize(
    "source, text",
    [
        ('HOW = "Choose one option in the list below."', "Choose one option in the list below."),
        (
            'show(f"<p><b>Quiz ready.</b> Answer each question below {n}</p>")',
            "<p><b>Quiz ready.</b> Answer each question below ",
        ),
        (
            'p.add_argument("--seed", default="the course seed for everyone")',
            "the course seed for everyone",
        ),
        ('notes.append("strings joined with + read as one")', "strings joined with + read as one"),
        (
            'print("Nothing to review yet: answer some self-checks.")',
            "Nothing to review yet: answer some self-checks.",
        ),
        ('ARGS = "moodle, gift or anki"', "moodle, gift or anki"),
        (
            'CELL = "# Setup: run this cell first, it holds the questions\\nquiz = make()"',
            "# Setup: run this cell first, it holds the questions\nquiz = make()",
        ),
        (
            'PLACEHOLDER = \'"""A written answer (the model answer is elsewhere)."""\'',
            '"""A written answer (the model answer is elsewhere)."""',
        ),
        ('assert check("the bank must hold items"), "x"', "the bank must hold items"),
    ],
)
def test_learner_text_is_the_default(source, text):
    assert categories(source)[text] == mh.LEARNER


def test_raise_claims_only_its_own_statement():
    found = categories(
        """
        def f(x):
            label = "Answer each question with its controls."
            if not x:
                raise ValueError("no answer was given at all")
            return label
        """
    )
    assert found == {
        "Answer each question with its controls.": mh.LEARNER,
        "no answer was given at all": mh.MESSAGE,
    }


def test_docstrings_are_not_counted():
    assert categories('"""A module docstring of many words."""\nX = 1') == {}


def test_categories_add_up_to_the_total(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        textwrap.dedent(
            '''
            """Docstring: not counted at all here."""
            HOW = "Choose one option in the list below."
            SQL = "SELECT item_id, module, answer FROM attempts"
            def f():
                raise ValueError("no answer was given at all")
            '''
        ),
        encoding="utf-8",
    )
    figures = mh.measure_file(sample)
    assert figures.by_category == {mh.LEARNER: 7, mh.MESSAGE: 6, mh.CODE: 5}
    assert figures.prose_words == 18


def test_main_prints_each_category(tmp_path, capsys):
    package = tmp_path / "course"
    package.mkdir()
    (package / "a.py").write_text('X = "Choose one option in the list below."\n', encoding="utf-8")
    (package / "b.py").write_text(
        'raise ValueError("no answer was given at all")\n', encoding="utf-8"
    )
    assert mh.main(["--root", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "prose words in string literals: 13" in out
    assert f"of which {mh.LEARNER}: 7" in out
    assert f"of which {mh.MESSAGE}: 6" in out
    assert f"of which {mh.CODE}: 0" in out


def test_help_is_followed_through_a_variable_and_a_helper_parameter():
    found = categories(
        """
        QUIZ_DESCRIPTION = "Graded quizzes for trainers, from the bank to a report."
        GREETING = "Welcome to the course, and thank you for coming."

        def register(sub):
            def add(name, func, help_text, with_quiz=True):
                return sub.add_parser(name, help=help_text)

            sub.add_parser("quiz", description=QUIZ_DESCRIPTION)
            add("build", None, "build the quiz notebooks from the bank")
            add("release", None, help_text="make the learners' copy of the quiz")
            print(GREETING)
        """
    )
    assert found == {
        "Graded quizzes for trainers, from the bank to a report.": mh.MESSAGE,
        "Welcome to the course, and thank you for coming.": mh.LEARNER,
        "build the quiz notebooks from the bank": mh.MESSAGE,
        "make the learners' copy of the quiz": mh.MESSAGE,
    }


def test_a_message_variable_and_compared_text():
    found = categories(
        """
        HOW_TO_GET_ONE = "install bubblewrap and allow user namespaces here"
        enabled = Bool(True, help="Run this preprocessor (on unless turned off).")

        def check(log):
            if "Success! Your notebook passes all the tests." in log:
                return True
            raise SandboxUnavailableError("bwrap is missing. " + HOW_TO_GET_ONE)
        """
    )
    assert found == {
        "install bubblewrap and allow user namespaces here": mh.MESSAGE,
        "Run this preprocessor (on unless turned off).": mh.MESSAGE,
        "Success! Your notebook passes all the tests.": mh.CODE,
    }
