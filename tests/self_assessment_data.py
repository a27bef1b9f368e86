"""A small test bank and a seeded history of attempts, shared by the self-assessment tests
(dashboard, review, record, exports, their widgets). Load it with ``load_helper()`` below:

    spec = importlib.util.spec_from_file_location("sad", Path(__file__).parent / "...py")

The bank holds every item type, a red-flag item, an assessment item and text full of the
characters that GIFT and XML must escape: ``~ = # { } : < > & "``.
"""

from __future__ import annotations

from pathlib import Path

from course.learner.store import ProgressStore
from course.questions.bank import Bank, load_bank

SPECIAL = 'a ~tilde =equals #hash {brace} colon: <angle> & "quote" \\back'

BANK_YAML = f"""
module: "90_selftest"
title: "Self-assessment test module"
objectives:
  O1: "Recognise the red flags of spinal cord compression."
  O2: "Calculate an adjusted calcium."
  O3: "Explain care to a patient in plain words."
items:
  - id: m90-red-flag
    objective: O1
    type: single
    use: practice
    red_flag: true
    stem: "Which new symptom in a person with bone metastases needs escalation today?"
    options:
      - key: a
        text: "Legs that feel heavy when walking"
        feedback: "Right: this can be early spinal cord compression."
      - key: b
        text: "Mild tiredness after a long day"
        feedback: "Tempting to worry about, but on its own it is not an emergency sign."
        misconception: "Every symptom is equally urgent."
      - key: c
        text: "Back ache that eases with paracetamol"
        feedback: "Tempting, but the red flags are weakness, numbness and bladder changes."
        misconception: "Pain that eases cannot be cord compression."
    answer: a
    explanation: "Heavy legs are a red flag."
    points: 1
    source: "test"

  - id: m90-multi
    objective: O1
    type: multiple
    use: practice
    stem: "Tick the signs of cord compression."
    options:
      - key: a
        text: "Leg weakness"
        feedback: "Right: weakness is a neurological sign."
      - key: b
        text: "Saddle numbness"
        feedback: "Right: numbness in the saddle area is a red flag."
      - key: c
        text: "A good appetite"
        feedback: "No: appetite has nothing to do with the spinal cord."
        misconception: "Any change is a sign."
    answer: [a, b]
    explanation: "Weakness and numbness."
    points: 2
    source: "test"

  - id: m90-calcium
    objective: O2
    type: numeric
    use: practice
    red_flag: true
    stem: "Measured calcium 2.50, albumin 25. Adjusted calcium?"
    answer: 2.80
    tolerance: 0.02
    unit: "mmol/L"
    feedback_correct: "Right: 2.50 + 0.30."
    feedback_wrong: "Not quite: add 0.02 x (40 - albumin)."
    distractors:
      - value: 2.20
        feedback: "You subtracted the correction instead of adding it."
        misconception: "The albumin correction is subtracted."
    explanation: "Add the correction."
    points: 1
    source: "test"

  - id: m90-explain
    objective: O3
    type: text
    use: practice
    stem: "Explain to Mr Test why he must report heavy legs at once."
    model_answer: "Heavy legs can mean pressure on the spinal cord; found early, it is treatable."
    rubric: ["Names the spinal cord", "Says that early action matters"]
    explanation: "Plain words."
    points: 2
    source: "test"

  - id: m90-case
    objective: O1
    type: case
    use: practice
    scenario: "Mrs Case, 70, has prostate cancer in her spine."
    stem: "Work through her evening."
    steps:
      - stem: "She says her legs feel heavy. First?"
        options:
          - key: a
            text: "Check her legs and escalate"
            feedback: "Right: assess and escalate today."
          - key: b
            text: "Wait for the morning round"
            feedback: "Tempting at night, but delay can cost her walking."
            misconception: "Red flags can wait until the morning."
        answer: a
      - stem: "Who do you call?"
        options:
          - key: a
            text: "The MSCC coordinator"
            feedback: "Right: the coordinator arranges the scan."
          - key: b
            text: "Nobody"
            feedback: "No: escalation is the nurse's job here."
            misconception: "Escalation is someone else's job."
        answer: a
    explanation: "Assess and escalate."
    points: 2
    source: "test"

  - id: m90-assess
    objective: O2
    type: single
    use: assessment
    stem: 'Special characters: {SPECIAL}?'
    options:
      - key: a
        text: 'Right: {SPECIAL}'
        feedback: 'Right feedback with {SPECIAL}.'
      - key: b
        text: "Wrong = {{not}} #this"
        feedback: "Wrong: feedback ~ with : colons."
        misconception: "A misconception with # and {{braces}}."
    answer: a
    explanation: 'General feedback & <notes> "quoted".'
    points: 1
    source: "test"
"""


def make_bank(folder: Path) -> Bank:
    """Write the test bank to ``folder`` and load it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "90_selftest.yml").write_text(BANK_YAML, encoding="utf-8")
    return load_bank(folder)


M = "90_selftest"

#: (item_id, answer, correct, fraction, confidence, ts, seconds)
HISTORY = [
    # day 1: 2026-03-02
    ("m90-red-flag", "b", False, 0.0, "sure", "2026-03-02T09:05:00+00:00", 40.0),
    ("m90-red-flag", "a", True, 1.0, "fairly sure", "2026-03-02T09:06:00+00:00", 20.0),
    ("m90-multi", ["a", "c"], False, 0.0, "fairly sure", "2026-03-02T09:10:00+00:00", 30.0),
    ("m90-calcium", 2.2, False, 0.0, "fairly sure", "2026-03-02T09:20:00+00:00", 60.0),
    ("m90-explain", "Pressure on the cord.", None, 0.0, None, "2026-03-02T09:30:00+00:00", 90.0),
    # day 2: 2026-03-03
    ("m90-case#1", "b", False, 0.0, "sure", "2026-03-03T10:00:00+00:00", 10.0),
    ("m90-case#1", "a", True, 1.0, "sure", "2026-03-03T10:01:00+00:00", 10.0),
    ("m90-case#2", "a", True, 1.0, "sure", "2026-03-03T10:02:00+00:00", 10.0),
    ("m90-case", ["a", "a"], False, 0.5, "sure", "2026-03-03T10:02:00+00:00", 30.0),
    ("m90-multi", ["a", "b"], True, 1.0, "guessing", "2026-03-03T10:10:00+00:00", 15.0),
    ("m90-calcium", 2.8, True, 1.0, "sure", "2026-03-03T10:15:00+00:00", 25.0),
    ("m90-gone", "a", True, 1.0, "sure", "2026-03-03T10:20:00+00:00", 5.0),
]

EVENTS = [
    ("module_opened", M, "2026-03-02T09:00:00+00:00"),
    ("module_opened", M, "2026-03-03T09:58:00+00:00"),
]


def seed_store(path: Path) -> ProgressStore:
    """A progress store at ``path`` filled with :data:`HISTORY` and :data:`EVENTS`."""
    store = ProgressStore(path)
    for item_id, answer, correct, fraction, confidence, ts, seconds in HISTORY:
        store.record(item_id, M, answer, correct, fraction, confidence, seconds, ts=ts)
    for kind, module, ts in EVENTS:
        store.log_event(kind, module, ts=ts)
    return store
