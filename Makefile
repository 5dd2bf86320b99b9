# docgen — everything an administrator or a developer runs.
# `make plan` and `make test` work on a fresh clone with Python 3.11+ and make.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP_BASE := $(VENV)/.installed-base
STAMP_TEST := $(VENV)/.installed-test
INPUTS ?= inputs
OUT    ?= output
PROFILE ?=
# --profile only when PROFILE is given: otherwise the industry pack's default profile.
PROFILE_ARG = $(if $(PROFILE),--profile $(PROFILE))

.PHONY: plan test validate inputs check pdf bundle diff bench screenshots lint templates guide clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# One stamp per set of extras, so `make test` after `make plan` still installs the test tools.
$(STAMP_BASE): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(STAMP_BASE)

plan: $(STAMP_BASE)
	$(BIN)/docgen build "$(INPUTS)" --out "$(OUT)" $(PROFILE_ARG)

test: $(STAMP_TEST)
	$(BIN)/python -m pytest

validate: $(STAMP_BASE)
	$(BIN)/docgen validate "$(INPUTS)" $(PROFILE_ARG)

# The blank fill-in workbook, in a folder of its own (NEW=mine/ by default; INDUSTRY=购物中心
# lists that industry's typical risks).
NEW      ?= mine
INDUSTRY ?=
inputs: $(STAMP_BASE)
	$(BIN)/docgen init "$(NEW)" --industry "$(INDUSTRY)"

bundle: $(STAMP_BASE)
	$(BIN)/docgen bundle "$(INPUTS)" --out "$(OUT)" $(PROFILE_ARG) $(if $(PREVIOUS),--previous "$(PREVIOUS)")

# The compliance check, printed and as a page to open in a browser.
check: $(STAMP_BASE)
	-$(BIN)/docgen check "$(INPUTS)" $(PROFILE_ARG) --format html --out "$(OUT)/合规检查报告.html"
	$(BIN)/docgen check "$(INPUTS)" $(PROFILE_ARG) $(if $(REVIEW),--review)

# The 修订说明 between two versions: make diff OLD=v1/ NEW=v2/
diff: $(STAMP_BASE)
	$(BIN)/docgen diff $(if $(OLD),"$(OLD)") "$(or $(NEW),$(INPUTS))" --out "$(OUT)"

pdf: $(STAMP_BASE)
	$(BIN)/docgen build "$(INPUTS)" --out "$(OUT)" $(PROFILE_ARG) --pdf

bench: $(STAMP_TEST)
	$(BIN)/python benchmarks/bench_build.py

screenshots: $(STAMP_BASE)
	$(BIN)/python scripts/screenshots.py

# ruff, the import layers and mypy (what it checks and how strictly: pyproject's [tool.mypy]).
lint: $(STAMP_TEST)
	$(BIN)/ruff check docgen tests benchmarks scripts
	$(BIN)/lint-imports
	$(BIN)/mypy

templates: $(STAMP_BASE)
	$(BIN)/python -m docgen.authoring

# The printable 操作卡 (one A4 page, words in docgen/data/guide.toml; needs LibreOffice).
guide: $(STAMP_BASE)
	$(BIN)/python -m docgen.authoring.guide docs/操作卡.pdf

clean:
	rm -rf $(VENV) build *.egg-info
