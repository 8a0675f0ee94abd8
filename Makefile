# dclit — every target sets up what it needs on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
CORPUS ?= corpus
STORE ?= outputs/dclit.db
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: run test test-pg test-dask test-fast bench sysdeps install train-refs train-refs-neural lock clean fuzz

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	# the CPU torch wheel first: unpinned, BERTopic would pull a ~3 GB CUDA build
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -c constraints.txt -e '.[topics,topics-multilingual,neural,dask,test]'
	touch $(STAMP)

install: $(STAMP)

# Debian packages the tests and benchmarks use: pdftotext (baseline), Tesseract (OCR), Chromium (web tests).
sysdeps:
	@bash scripts/sysdeps.sh

run: install sysdeps
	$(VENV)/bin/dclit run $(CORPUS) --store $(STORE)
	$(VENV)/bin/dclit topics --store $(STORE) > outputs/topics.txt
	$(VENV)/bin/dclit tables --store $(STORE) --out outputs
	@echo ""
	@echo "results in outputs/: the store $(STORE), report.html, tables.xlsx and the tables as CSV/Markdown/LaTeX,"
	@echo "corpus.qdpx (REFI-QDA), topics.txt and the topic views (*.html). Try:"
	@echo "  $(VENV)/bin/dclit status --store $(STORE)"
	@echo "  $(VENV)/bin/dclit search --store $(STORE) --concept decentralised_cooperation"
	@echo "  $(VENV)/bin/dclit serve --store $(STORE)     # then open http://127.0.0.1:8765"

# The suite runs twice: on SQLite, then on PostgreSQL (a throw-away server from scripts/pg.sh,
# stopped at the end even when a test fails). The PostgreSQL-only tests run in both passes.
PG_STATE := /tmp/dclit-pg-test.$(shell echo $$PPID).state
define with_pg
	export DCLIT_PG_STATE=$(PG_STATE); trap 'scripts/pg.sh stop' EXIT; \
	export DCLIT_TEST_PG=$$(scripts/pg.sh start) && $(1)
endef

test: install sysdeps
	$(call with_pg,$(PY) -m pytest -q -p no:cacheprovider && \
	  $(PY) -m pytest -q -p no:cacheprovider --backend postgresql)

# The whole suite on PostgreSQL only.
test-pg: install
	$(call with_pg,$(PY) -m pytest -q -p no:cacheprovider --backend postgresql)

# The whole suite with every run on a Dask LocalCluster (tests/dask_suite.py sets $$DCLIT_DASK).
test-dask: install
	$(call with_pg,PYTHONPATH=tests $(PY) -m pytest -q -p no:cacheprovider -p dask_suite)

test-fast: install
	$(PY) -m pytest -q -m "not slow" -p no:cacheprovider

# Speed and quality against baselines measured in the same run (see benchmarks/README.md).
# Needs ../shared/corpus beside the repo. BENCH_QUICK=1 skips the 1M-passage search and the x5/x10 runs.
bench: install sysdeps
	$(PY) benchmarks/extraction.py
	$(PY) benchmarks/tagging.py
	$(PY) benchmarks/references.py
	$(PY) benchmarks/topics.py
	mkdir -p /tmp/dclit-bench
	-$(VENV)/bin/dclit run ../shared/corpus --store /tmp/dclit-bench/source.db  # exits 1: the hard PDFs fail on purpose
	for n in 10000 100000 $$( [ -n "$$BENCH_QUICK" ] || echo 1000000 ); do \
	  $(PY) benchmarks/search.py --source /tmp/dclit-bench/source.db --passages $$n || exit 1; done
	$(PY) benchmarks/run_scaling.py $$( [ -n "$$BENCH_QUICK" ] && echo --scales 1,2 || echo --scales 1,2,5,10 ) --modes local,dask

train-refs: install
	$(PY) -m dclit.biblio.train

# The opt-in neural reference parser (models/refparser-neural.*; about 6 min single-threaded).
train-refs-neural: install
	OMP_NUM_THREADS=1 $(PY) -m dclit.biblio.neural_train --out models --crf models

# Re-pin after changing dependencies in pyproject.toml.
lock: install
	$(PY) -m pip freeze --exclude-editable | grep -v '^-e' > constraints.txt

clean:
	rm -rf $(VENV) outputs/*.db outputs/*.db-*

# Long fuzzing run over every ingest path (the bounded version runs in `make test`).
fuzz: install
	$(PY) fuzz/run.py --seconds $${FUZZ_SECONDS:-600}
