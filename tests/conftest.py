"""Fixtures shared by the tests of the self-assessment features: a small test bank with every
item type, and a progress store seeded with a known history (``self_assessment_data.py``)."""

from __future__ import annotations

import pytest
import self_assessment_data as data


@pytest.fixture
def bank(tmp_path):
    """The self-assessment test bank, written to a temporary folder and loaded."""
    return data.make_bank(tmp_path / "bank")


@pytest.fixture
def store(tmp_path):
    """A progress store holding the seeded history of attempts and events."""
    return data.seed_store(tmp_path / "progress.sqlite")
