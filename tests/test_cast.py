"""The cast list: every named patient is in it, and one name means one person everywhere."""

from __future__ import annotations

from collections import defaultdict

import pytest

from course import cast
from course.errors import ContentError

PEOPLE = cast.load()
MENTIONS = cast.scan(PEOPLE)


def test_the_scan_reads_the_whole_course():
    places = {cast.file_of(m.place) for m in MENTIONS}
    assert any(p.startswith("notebooks/") for p in places)
    assert any(p.startswith("quizzes/bank/") for p in places)
    assert any(p.startswith("assets/bank/") for p in places)
    assert len(MENTIONS) > 150


def test_every_named_person_is_in_the_cast_list_with_the_same_age_and_cancer():
    problems = sorted({problem for m in MENTIONS for problem in cast.check(m)})
    assert not problems, "\n".join(problems)


def test_each_person_appears_where_the_cast_list_says():
    found: dict[str, set[str]] = defaultdict(set)
    for m in MENTIONS:
        if m.person:
            found[m.person.key].add(cast.file_of(m.place))
    for person in PEOPLE:
        assert set(person.appears) == found[person.key], (
            f"{person.key}: the cast list says {sorted(person.appears)}, "
            f"the course names them in {sorted(found[person.key])}"
        )


def test_the_issue_clashes_are_gone():
    surnames = [p.surname for p in PEOPLE if p.surname]
    assert surnames.count("Patel") == 1 and surnames.count("Clarke") == 1
    assert [p.first for p in PEOPLE].count("Kwame") == 1
    assert [p.first for p in PEOPLE].count("Grace") == 1
    dafydd = next(p for p in PEOPLE if p.first == "Dafydd")
    assert dafydd.age == 68 and dafydd.cancer == "lung"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Mrs Smith, 40, has lung cancer.", "not in the cast list"),
        ("Mrs Asha Patel, 70, has breast cancer.", "is 70 here but 58"),
        ("Mr Hughes, who has lung cancer, is admitted.", "lung cancer here but prostate"),
        ("Dafydd has kidney cancer with bone metastases.", "kidney cancer here but lung"),
        ("title: Peter, 60: back pain", "not in the cast list"),
    ],
)
def test_the_checker_catches_a_stranger_or_a_different_person(text, problem):
    problems = [p for m in cast.find_mentions(text, "x", PEOPLE) for p in cast.check(m)]
    assert any(problem in p for p in problems), problems


def test_plain_words_are_not_taken_for_names():
    text = "Grade 2, 3 or 4. Mirels' score, 8. Summary, 12 items."
    assert not [m for m in cast.find_mentions(text, "x", PEOPLE) if m.person is None]


def test_two_people_with_one_name_are_refused(tmp_path):
    path = tmp_path / "cast.yml"
    path.write_text(
        "people:\n"
        "  - {key: a, title: Mrs, surname: Patel, age: 58, story: the first patient,\n"
        "     appears: [notebooks/x]}\n"
        "  - {key: b, title: Mrs, surname: Patel, age: 64, story: the second patient,\n"
        "     appears: [notebooks/y]}\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError, match="surname 'Patel' names both a and b"):
        cast.load(path)


def test_a_relative_may_share_the_family_name(tmp_path):
    path = tmp_path / "cast.yml"
    path.write_text(
        "people:\n"
        "  - {key: a, title: Mr, first: Kwame, surname: Osei, story: the patient,\n"
        "     appears: [notebooks/x]}\n"
        "  - {key: b, first: Ama, surname: Osei, family_of: a, story: his daughter,\n"
        "     appears: [notebooks/x]}\n",
        encoding="utf-8",
    )
    assert [p.key for p in cast.load(path)] == ["a", "b"]
