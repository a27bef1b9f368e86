# Bone Secondaries. `make lab` opens the course; `make test` runs every test.
# Both create .venv when missing and (re)install only when pyproject.toml changed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
EXTRAS := test,browser,hub

.PHONY: install lab test lint format bench clean-generated help

help:
	@echo "make lab    - open the course in JupyterLab (Start Here)"
	@echo "make test   - run every test (unit, notebooks, nbgrader, browser, hub)"
	@echo "make bench  - run the benchmarks"
	@echo "make lint   - ruff"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[$(EXTRAS)]"
	$(BIN)/python -m course.delivery.lab
	@touch $(STAMP)

install: $(STAMP)

lab: install
	$(BIN)/bonecourse lab

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/python -m ruff check course tests bench tools
	$(BIN)/python -m ruff format --check course tests bench tools

format: install
	$(BIN)/python -m ruff format course tests bench tools
	$(BIN)/python -m ruff check --fix course tests bench tools

bench: install
	$(BIN)/python bench/run_all.py

clean-generated:
	rm -rf quizzes/release quizzes/submitted quizzes/autograded quizzes/feedback quizzes/gradebook.db
