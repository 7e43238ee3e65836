# The workbench's two commands: `make report` (run the analysis) and `make test`.
# Both create the virtual environment in .venv when it is missing.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
# camel-tools needs PyTorch. Install a CPU build first so pip does not pull a
# multi-GB CUDA build; override e.g. TORCH="torch" for your platform's default
# build, or TORCH= to skip this step.
TORCH  ?= torch==2.13.0
CORPUS ?= seeds
REPORTS ?= reports

BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: env test report lab notebooks bench clean-reports

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@if [ -n "$(TORCH)" ]; then $(BIN)/python -m pip install --quiet "$(TORCH)"; fi
	$(BIN)/python -m pip install --quiet -e ".[notebooks,test,scale]"
	@touch $(STAMP)

env: $(STAMP)

test: env
	$(BIN)/python -m pytest --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg tests notebooks

report: env
	$(BIN)/python -m workbench report --corpus "$(CORPUS)" --out "$(REPORTS)"

lab: env
	$(BIN)/jupyter lab notebooks

# Re-execute the notebooks in place after an intended change to what they show.
notebooks: env
	cd notebooks && for nb in [0-9]*.ipynb; do ../$(BIN)/jupyter nbconvert --to notebook --execute --inplace "$$nb" || exit 1; done

# Speed and memory benchmarks (not part of the tests); see benchmarks/README.md.
bench: env
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	$(BIN)/python benchmarks/bench_scale.py

clean-reports:
	rm -rf "$(REPORTS)"
