PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test chaos lint format bench bench-http check screenshots clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@# The editable install maps knowledge/ and web/ into the package; setuptools notes that as a warning.
	PYTHONWARNINGS='ignore:Editable installation' $(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/.installed

run: install
	$(BIN)/python -m bot serve --host $(HOST) --port $(PORT)

test: install
	$(BIN)/python -m pytest -q --cov=bot --cov-report=term:skip-covered

# The resilience suite alone (make test runs it too): the real server under load, signals, store faults, slow
# clients and bad input, with the figure each check measured printed at the end.
chaos: install
	$(BIN)/python -m pytest -q -m chaos tests/test_resilience.py

lint: install
	$(BIN)/ruff check bot tests
	$(BIN)/ruff format --check bot tests
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix bot tests
	$(BIN)/ruff format bot tests

# The README's pictures: taken by the browser tests of this checkout, then copied to docs/.
screenshots: install
	@# Without a CJK font the Chinese picture would show boxes instead of characters.
	@fc-list :lang=zh | grep -q . || { echo "no Chinese font: apt-get install fonts-noto-cjk" >&2; exit 1; }
	rm -rf tests/.artifacts
	$(BIN)/python -m pytest -q -m browser -p no:cacheprovider tests/test_widget_browser.py tests/test_triage_browser.py
	cp tests/.artifacts/*.png docs/

bench-http: install
	$(BIN)/python -m bot bench-http

check: install
	$(BIN)/python -m bot check

bench: install
	$(BIN)/python -m bot bench

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
