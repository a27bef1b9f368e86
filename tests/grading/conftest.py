"""Shared fixtures for the grading tests: a small bank with one assessment item of every type."""

from __future__ import annotations

from pathlib import Path

import pytest

from course.questions.bank import load_bank

FIXTURE_BANK = Path(__file__).with_name("bank")
QUIZ = "quiz_99_fixture"


@pytest.fixture(scope="session")
def fixture_bank():
    return load_bank(FIXTURE_BANK)


@pytest.fixture(scope="session")
def fixture_items(fixture_bank):
    return fixture_bank.select(module="99_fixture", use="assessment")
