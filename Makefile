# Lontar: the two commands are `make demo` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)
APT_PACKAGES := tesseract-ocr tesseract-ocr-ind tesseract-ocr-eng ghostscript poppler-utils qpdf unzip curl fonts-dejavu-core
TEST_APT_PACKAGES := redis-server chromium maven postgresql
HOST ?= 127.0.0.1
PORT ?= 5000
DEMO_COUNT ?= 12

.PHONY: demo test system-deps test-system-deps venv services stop-services bench lint

demo: system-deps venv
	$(VENV)/bin/lontar db upgrade
	$(VENV)/bin/lontar demo --count $(DEMO_COUNT) --host $(HOST) --port $(PORT)

test: system-deps test-system-deps venv services
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Install Debian packages only where missing (apt-get update first when needed).
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "installing:$$missing"; $(SUDO) apt-get update -q && \
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q $$missing; fi

test-system-deps:
	@missing=""; for p in $(TEST_APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "installing:$$missing"; $(SUDO) apt-get update -q && \
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q $$missing; fi

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e '.[test]' --config-settings editable_mode=compat
	touch $@

venv: $(VENV)/.installed

# Real services for the suite: one Elasticsearch node and Redis, started if not reachable.
services:
	scripts/elasticsearch.sh start
	scripts/redis.sh start
	scripts/postgres.sh start

stop-services:
	scripts/elasticsearch.sh stop
	scripts/redis.sh stop
	scripts/postgres.sh stop
