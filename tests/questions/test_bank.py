"""The question bank: the course's bank is valid, and bad items fail naming file, id and problem."""

from __future__ import annotations

import textwrap

import pytest
import yaml

from course.paths import bank_dir
from course.questions.bank import BankError, load_bank, parse_module

GOOD = {
    "module": "99_test",
    "title": "Test module",
    "objectives": {"O1": "Recognise the test objective well."},
    "items": [
        {
            "id": "m99-single",
            "objective": "O1",
            "type": "single",
            "use": "practice",
            "stem": "Pick a.",
            "options": [
                {"key": "a", "text": "A", "feedback": "Right, because a is the answer."},
                {
                    "key": "b",
                    "text": "B",
                    "feedback": "Tempting, but b is not it.",
                    "misconception": "b is a",
                },
            ],
            "answer": "a",
            "explanation": "a is right.",
            "points": 1,
            "source": "FACTS 1.1",
        },
        {
            "id": "m99-numeric",
            "objective": "O1",
            "type": "numeric",
            "use": "assessment",
            "stem": "Adjusted calcium?",
            "answer": 2.8,
            "tolerance": 0.02,
            "unit": "mmol/L",
            "feedback_correct": "Right.",
            "feedback_wrong": "Not quite.",
            "distractors": [
                {
                    "value": 2.2,
                    "feedback": "You subtracted the correction.",
                    "misconception": "subtract",
                }
            ],
            "explanation": "Add the correction.",
            "points": 1,
            "source": "FACTS 3.2",
        },
        {
            "id": "m99-multi",
            "objective": "O1",
            "type": "multiple",
            "use": "practice",
            "stem": "Pick a and c.",
            "options": [
                {"key": "a", "text": "A", "feedback": "Right, a belongs here."},
                {
                    "key": "b",
                    "text": "B",
                    "feedback": "No, b does not belong.",
                    "misconception": "b",
                },
                {"key": "c", "text": "C", "feedback": "Right, c belongs here."},
            ],
            "answer": ["a", "c"],
            "explanation": "a and c.",
            "points": 2,
            "source": "FACTS 2.2",
        },
        {
            "id": "m99-text",
            "objective": "O1",
            "type": "text",
            "use": "assessment",
            "stem": "Explain.",
            "model_answer": "A model answer that is long enough to count.",
            "rubric": ["point one"],
            "explanation": "Marked by hand.",
            "points": 3,
            "source": "FACTS 6.1",
        },
        {
            "id": "m99-case",
            "objective": "O1",
            "type": "case",
            "use": "practice",
            "stem": "A case.",
            "scenario": "Mrs X has back pain.",
            "steps": [
                {
                    "stem": "First?",
                    "answer": "a",
                    "options": [
                        {"key": "a", "text": "Ask", "feedback": "Right, ask first."},
                        {
                            "key": "b",
                            "text": "Wait",
                            "feedback": "No, waiting is unsafe.",
                            "misconception": "wait",
                        },
                    ],
                },
                {
                    "stem": "Then?",
                    "answer": "b",
                    "options": [
                        {
                            "key": "a",
                            "text": "Wait",
                            "feedback": "No, waiting is unsafe.",
                            "misconception": "wait",
                        },
                        {"key": "b", "text": "Escalate", "feedback": "Right, escalate now."},
                    ],
                },
            ],
            "explanation": "Ask then escalate.",
            "points": 2,
            "source": "FACTS 5.15",
        },
    ],
}


def dump(data) -> str:
    return yaml.safe_dump(data, sort_keys=False)


def with_item_change(index: int, **changes):
    import copy

    data = copy.deepcopy(GOOD)
    for key, value in changes.items():
        if value is None:
            data["items"][index].pop(key, None)
        else:
            data["items"][index][key] = value
    return data


def problems_of(data, filename="99_test.yml") -> str:
    with pytest.raises(BankError) as info:
        parse_module(dump(data), filename)
    return str(info.value)


def test_course_bank_is_valid():
    bank = load_bank()
    assert len(bank) >= 8
    assert "00_start_here" in bank.modules
    for item in bank:
        assert item.source and item.explanation


def test_good_bank_parses_every_item_type():
    module = parse_module(dump(GOOD), "99_test.yml")
    assert [i.type for i in module.items] == ["single", "numeric", "multiple", "text", "case"]
    multi = module.items[2]
    assert multi.correct_keys == {"a", "c"}
    assert module.items[4].steps[1].answer == "b"


BAD_CASES = [
    ("unknown type", with_item_change(0, type="truefalse"), "truefalse"),
    ("answer not among options", with_item_change(0, answer="d"), "answer 'd' is not among"),
    (
        "option without feedback",
        with_item_change(
            0,
            options=[
                {"key": "a", "text": "A"},
                {"key": "b", "text": "B", "feedback": "Tempting but wrong.", "misconception": "m"},
            ],
        ),
        "'feedback' is a required property",
    ),
    ("missing source", with_item_change(0, source=None), "'source' is a required property"),
    (
        "wrong option without misconception",
        with_item_change(
            0,
            options=[
                {"key": "a", "text": "A", "feedback": "Right, it is a."},
                {"key": "b", "text": "B", "feedback": "Wrong, it is not b."},
            ],
        ),
        "needs a 'misconception'",
    ),
    ("numeric without unit", with_item_change(1, unit=None), "'unit' is a required property"),
    ("negative tolerance", with_item_change(1, tolerance=-1), "less than the minimum"),
    (
        "distractor inside tolerance",
        with_item_change(1, distractors=[{"value": 2.81, "feedback": "This is too close to it."}]),
        "within the tolerance",
    ),
    ("unknown objective", with_item_change(0, objective="O7"), "objective O7 is not among"),
    ("bad id", with_item_change(0, id="Question 1"), "does not match"),
    (
        "id with another module's prefix",
        with_item_change(0, id="m12-single"),
        "should start with 'm99-'",
    ),
    (
        "free text without model answer",
        with_item_change(3, model_answer=None),
        "'model_answer' is a required property",
    ),
    ("case with one step", with_item_change(4, steps=GOOD["items"][4]["steps"][:1]), "steps"),
    (
        "every option correct in a multiple",
        with_item_change(2, answer=["a", "b", "c"]),
        "every option is correct",
    ),
    ("unknown field", with_item_change(0, hint="x"), "Additional properties"),
    (
        "options on a numeric item",
        with_item_change(1, options=GOOD["items"][0]["options"]),
        "does not belong",
    ),
    ("zero points", with_item_change(0, points=0), "less than or equal to the minimum"),
]


@pytest.mark.parametrize("label,data,expected", BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_bad_item_fails_naming_file_item_and_problem(label, data, expected):
    message = problems_of(data)
    assert "99_test.yml" in message
    assert expected in message
    ids = [item["id"] for item in data["items"]]
    assert any(f"item {item_id}" in message for item_id in ids), "the message names the item"


def test_duplicate_ids_within_a_file():
    import copy

    data = copy.deepcopy(GOOD)
    data["items"][1]["id"] = "m99-single"
    assert "item m99-single: duplicate id" in problems_of(data)


def test_duplicate_ids_across_files(tmp_path):
    (tmp_path / "99_test.yml").write_text(dump(GOOD))
    other = dict(GOOD, module="98_other")
    other["items"] = [dict(GOOD["items"][0])]
    other_text = dump(other).replace("m99-single", "m98-single")
    (tmp_path / "98_other.yml").write_text(other_text)
    load_bank(tmp_path)  # distinct ids: fine
    (tmp_path / "98_other.yml").write_text(dump(other).replace("99_test", "98_other"))
    with pytest.raises(BankError) as info:
        load_bank(tmp_path)
    assert "m99-single" in str(info.value)


def test_not_yaml_is_reported_with_the_file_name():
    with pytest.raises(BankError, match="99_test.yml: not valid YAML"):
        parse_module("items: [unclosed", "99_test.yml")


def test_file_name_must_match_module():
    with pytest.raises(BankError, match="module is '99_test' but the file is '98_x'"):
        parse_module(dump(GOOD), "98_x.yml")


def test_missing_bank_folder(tmp_path):
    with pytest.raises(BankError, match="does not exist"):
        load_bank(tmp_path / "nowhere")


def test_every_problem_is_listed_at_once():
    import copy

    data = copy.deepcopy(GOOD)
    data["items"][0]["answer"] = "z"
    data["items"][2]["objective"] = "O9"
    message = problems_of(data)
    assert "m99-single" in message and "m99-multi" in message


def test_shuffle_is_seeded_and_keeps_every_option():
    module = parse_module(dump(GOOD), "99_test.yml")
    item = module.items[2]
    first = [o.key for o in item.shuffled_options(seed=7)]
    again = [o.key for o in item.shuffled_options(seed=7)]
    assert first == again
    assert sorted(first) == ["a", "b", "c"]
    orders = {tuple(o.key for o in item.shuffled_options(seed=s)) for s in range(30)}
    assert len(orders) > 1
    assert [o.key for o in item.shuffled_options(None)] == ["a", "b", "c"]


def test_select_filters():
    bank = load_bank()
    practice = bank.select(module="00_start_here", use="practice")
    assert practice and all(i.use == "practice" for i in practice)
    assert all(i.type == "numeric" for i in bank.select(types=["numeric"]))


def test_unknown_id_suggests_close_matches():
    bank = load_bank()
    with pytest.raises(KeyError, match="Did you mean"):
        bank.item("m00-secondary-meanin")


def test_bank_dir_points_at_quizzes_bank():
    assert bank_dir().name == "bank" and (bank_dir() / "00_start_here.yml").exists()


def test_yaml_example_in_docs_style_is_accepted():
    text = textwrap.dedent(
        """
        module: "99_test"
        title: "Tiny"
        objectives: {O1: "Recognise something observable."}
        items: []
        """
    )
    assert parse_module(text, "99_test.yml").items == ()


# --------------------------------------------------------------------------- the two layouts


def _split(data):
    """GOOD as the coming layout: a practice file (title, objectives, practice items, no
    ``use``) and an assessment-only file (module and items)."""
    import copy

    practice = copy.deepcopy(data)
    practice["items"] = [
        {k: v for k, v in i.items() if k != "use"} for i in data["items"] if i["use"] == "practice"
    ]
    assessment = {
        "module": data["module"],
        "items": [
            {k: v for k, v in i.items() if k != "use"}
            for i in copy.deepcopy(data["items"])
            if i["use"] == "assessment"
        ],
    }
    return practice, assessment


@pytest.fixture
def split_course(tmp_path, monkeypatch):
    """A course root with ``assets/bank`` (practice) and ``quizzes/bank`` (assessment)."""
    practice, assessment = _split(GOOD)
    (tmp_path / "assets" / "bank").mkdir(parents=True)
    (tmp_path / "quizzes" / "bank").mkdir(parents=True)
    (tmp_path / "assets" / "bank" / "99_test.yml").write_text(dump(practice))
    (tmp_path / "quizzes" / "bank" / "99_test.yml").write_text(dump(assessment))
    monkeypatch.setenv("BONECOURSE_ROOT", str(tmp_path))
    return tmp_path


@pytest.fixture
def mixed_course(tmp_path, monkeypatch):
    """A course root with today's layout: ``quizzes/bank`` files holding both uses."""
    (tmp_path / "quizzes" / "bank").mkdir(parents=True)
    (tmp_path / "quizzes" / "bank" / "99_test.yml").write_text(dump(GOOD))
    monkeypatch.setenv("BONECOURSE_ROOT", str(tmp_path))
    return tmp_path


USES_IN_GOOD = {i["id"]: i["use"] for i in GOOD["items"]}
PRACTICE_IDS = {k for k, v in USES_IN_GOOD.items() if v == "practice"}


@pytest.mark.parametrize("layout", ["split_course", "mixed_course"])
def test_default_bank_holds_practice_items_only(layout, request):
    from course.questions.bank import default_bank

    request.getfixturevalue(layout)
    bank = default_bank()
    assert {i.id for i in bank} == PRACTICE_IDS
    assert bank.modules["99_test"].objectives == GOOD["objectives"]


@pytest.mark.parametrize("layout", ["split_course", "mixed_course"])
def test_trainer_bank_holds_both_uses_with_the_right_use(layout, request):
    from course.questions.bank import trainer_bank

    root = request.getfixturevalue(layout)
    bank = trainer_bank(root / "quizzes")
    assert {i.id: i.use for i in bank} == USES_IN_GOOD
    module = bank.modules["99_test"]
    assert module.title == GOOD["title"] and len(module.items) == len(GOOD["items"])
    numeric = bank.item("m99-numeric")
    assert numeric.objective_text == GOOD["objectives"]["O1"]  # inherited from the practice file


def test_load_bank_of_two_folders_merges_a_module(split_course):
    bank = load_bank(split_course / "assets" / "bank", split_course / "quizzes" / "bank")
    assert set(bank.modules) == {"99_test"}
    assert {i.id for i in bank.select(use="assessment")} == {"m99-numeric", "m99-text"}


def test_assessment_file_without_its_practice_file_names_what_is_missing(tmp_path):
    _, assessment = _split(GOOD)
    (tmp_path / "99_test.yml").write_text(dump(assessment))
    with pytest.raises(BankError, match=r"99_test.yml: no title or objectives.*assets/bank"):
        load_bank(tmp_path)


def test_mixed_file_item_without_use_is_reported():
    message = problems_of(with_item_change(0, use=None))
    assert "m99-single: say whether it is for practice or assessment" in message


def test_assessment_item_left_in_the_practice_folder_stays_out_of_default_bank(split_course):
    from course.questions.bank import default_bank

    practice, _ = _split(GOOD)
    practice["items"].append(dict(GOOD["items"][1]))  # the numeric item, use: assessment
    (split_course / "assets" / "bank" / "99_test.yml").write_text(dump(practice))
    (split_course / "quizzes" / "bank" / "99_test.yml").unlink()
    assert "m99-numeric" not in default_bank()


def test_objective_restated_differently_in_the_assessment_file_is_reported(split_course):
    _, assessment = _split(GOOD)
    assessment["title"] = "Test module"
    assessment["objectives"] = {"O1": "Something else entirely, stated again."}
    (split_course / "quizzes" / "bank" / "99_test.yml").write_text(dump(assessment))
    with pytest.raises(BankError, match="objective O1 differs"):
        load_bank(split_course / "assets" / "bank", split_course / "quizzes" / "bank")


def test_assessment_folder_alone_takes_objectives_from_the_course_practice_file(split_course):
    bank = load_bank(split_course / "quizzes" / "bank")
    assert {i.id for i in bank} == {"m99-numeric", "m99-text"}
    assert bank.modules["99_test"].objectives == GOOD["objectives"]
