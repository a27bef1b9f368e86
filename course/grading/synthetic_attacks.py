"""Attacks a synthetic cohort can include: learner code that tries to change its own grade.

Each attack adds a code cell (and sometimes a file) to a submission that answers everything
wrongly, as a learner trying to cheat might. The autograder's sandbox must stop every one:
``tests/grading/test_nbgrader_e2e.py`` grades such a cohort and checks that each attacker ends
at zero with the trainer told, and that no attack changed the keys or anyone else's grade.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

#: attacks a cohort can include, one attacker each (after the broken cases)
ATTACKS = (
    "shadow_module",
    "key_rewrite",
    "background_gradebook",
    "startup_file",
    "print_secrets",
)

#: printed by :data:`ATTACKS` code, so tests can find it in outputs and feedback
ATTACK_MARK = "BONECOURSE-ATTACK"


def _attack_cell(code: str):
    import nbformat

    return nbformat.v4.new_code_cell(code)


def apply_attack(nb, kind: str, quiz: str, course_dir, files: Path) -> None:
    """Add an attacker's code (and files) to a submission that answers everything wrongly."""
    if kind not in _ATTACKS:
        raise ValueError(f"unknown attack {kind!r}")
    course = str(Path(course_dir).resolve()) if course_dir else "/nonexistent"
    # where the trainer's files are on a course machine, as an attacker would guess
    guesses = [f"{course}/source/*/*.ipynb", f"{course}/bank/*.yml"]
    guesses += ["/*/*/quizzes/source/*/*.ipynb", "/*/*/quizzes/bank/*.yml"]
    code = _ATTACKS[kind](course=course, guesses=guesses, mark=ATTACK_MARK, files=files)
    nb.cells.append(_attack_cell(code))


def _shadow_module(*, mark: str, files: Path, **_) -> str:
    """A ``yaml.py`` beside the notebook that would replace the marking, and its import."""
    files.mkdir(parents=True, exist_ok=True)
    (files / "yaml.py").write_text(
        textwrap.dedent(
            f"""\
            print({mark!r}, "shadow yaml imported")
            import course.questions.marking
            course.questions.marking.check_answer = lambda *a, **k: None
            """
        )
    )
    return "import yaml"


def _key_rewrite(*, guesses: list[str], mark: str, **_) -> str:
    """Code that appends to every key file it can find."""
    code = f"""\
        import glob
        hits = [p for g in {guesses!r} for p in glob.glob(g)]
        for path in hits:
            try:
                with open(path, "a") as fh:
                    fh.write("\\n# {mark}: keys rewritten\\n")
                print({mark!r}, "rewrote", path)
            except OSError as exc:
                print({mark!r}, "blocked", type(exc).__name__)
        print({mark!r}, len(hits), "key files found")
        """
    return textwrap.dedent(code)


def _background_gradebook(*, course: str, mark: str, **_) -> str:
    """Code that leaves a detached process to overwrite the gradebook after the run."""
    payload = textwrap.dedent(
        f"""\
        import glob, sqlite3, time
        time.sleep(4)
        for db in glob.glob({course!r} + "/gradebook.db") + glob.glob("/*/*/quizzes/*.db"):
            con = sqlite3.connect(db)
            con.execute("UPDATE grade SET auto_score = 99, manual_score = 99")
            con.commit()
        """
    )
    code = f"""\
        import subprocess, sys
        subprocess.Popen(
            [sys.executable, "-c", {payload!r}, {mark!r}],
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        print({mark!r}, "detached")
        """
    return textwrap.dedent(code)


def _startup_file(*, mark: str, **_) -> str:
    """Code that plants an IPython startup file which answers question 1."""
    startup = f'print({mark!r}, "startup file ran")\nimport builtins\nbuiltins.answer_1 = "a"\n'
    code = f"""\
        import os, pathlib
        for home in {{os.path.expanduser("~"), "/root", os.environ.get("HOME", "/")}}:
            folder = pathlib.Path(home, ".ipython", "profile_default", "startup")
            try:
                folder.mkdir(parents=True, exist_ok=True)
                (folder / "00-bonecourse-attack.py").write_text({startup!r})
                print({mark!r}, "planted in", folder)
            except OSError as exc:
                print({mark!r}, "blocked", type(exc).__name__)
        """
    return textwrap.dedent(code)


def _print_secrets(*, course: str, guesses: list[str], mark: str, **_) -> str:
    """Code that prints the environment and every trainer's file it can read."""
    code = f"""\
        import glob, os
        print({mark!r}, dict(os.environ))
        patterns = {guesses!r} + [{course!r} + "/submitted/*", {course!r} + "/gradebook.db"]
        for pattern in patterns:
            for path in glob.glob(pattern):
                print({mark!r}, path)
                try:
                    print(open(path, errors="replace").read())
                except OSError:
                    pass
        print(_ih)
        """
    return textwrap.dedent(code)


#: each attack's code, by name
_ATTACKS = {
    "shadow_module": _shadow_module,
    "key_rewrite": _key_rewrite,
    "background_gradebook": _background_gradebook,
    "startup_file": _startup_file,
    "print_secrets": _print_secrets,
}
