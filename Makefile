# Two commands on a fresh machine: `make build` (site into site/) and `make test` (every test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: build test serve check clean

# The virtual environment with the pinned dependencies, (re)made when the pins change. It is made without
# pip: the system's pip (22.3 or later: `--python`) puts uv in it, at the version pinned in requirements.txt,
# and uv installs the rest: a fresh clone's environment in 17-18 s, against about 51 s with pip installing
# everything and 19-25 s with pip first installed into it. Without a usable system pip, it gets its own.
UV = $(BIN)/uv pip install --quiet --python $(BIN)/python
PIN_UV = --quiet --disable-pip-version-check "$$(grep '^uv==' requirements.txt)"
$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv --without-pip $(VENV)
	$(PYTHON) -m pip --python $(BIN)/python install $(PIN_UV) 2> /dev/null \
	  || { $(BIN)/python -m ensurepip --default-pip > /dev/null && $(BIN)/python -m pip install $(PIN_UV); }
	$(UV) --compile-bytecode --requirement requirements.txt
	$(UV) --no-deps --no-build-isolation --editable .
	touch $(STAMP)

# The web editor served at /admin/ (Sveltia CMS), from the npm registry at the versions
# admin/package-lock.json pins; the build copies it into site/admin/.
CMS := admin/node_modules/@sveltia/cms/dist/sveltia-cms.js
$(CMS): admin/package.json admin/package-lock.json
	npm ci --prefix admin --no-audit --no-fund --ignore-scripts --silent
	touch $(CMS)

# What a command needs, installed side by side when something is missing: uv's packages and npm's are
# independent, and a fresh clone waits 23 s for them instead of 29 s. --output-sync keeps each install's
# messages together; --question keeps quiet when everything is installed.
installed = @$(MAKE) --question $(1) || $(MAKE) --no-print-directory --jobs=3 --output-sync=target $(1)

build:
	$(call installed,$(STAMP) $(CMS))
	$(BIN)/mkdocs build --strict

check: $(STAMP)
	$(BIN)/cluster-news check

# axe-core for the accessibility tests and the Nu HTML checker (vnu-jar, run with Java), from the npm registry
# at the versions tests/package-lock.json pins.
AXE := tests/node_modules/axe-core/axe.min.js
$(AXE): tests/package.json tests/package-lock.json
	npm ci --prefix tests --no-audit --no-fund --ignore-scripts --silent
	touch $(AXE)

test:
	$(call installed,$(STAMP) $(AXE) $(CMS))
	$(BIN)/pytest

# The preview, at http://$(SERVE_ADDRESS)/ (links and feeds point there too, not at the public site).
SERVE_ADDRESS ?= 127.0.0.1:8000
serve:
	$(call installed,$(STAMP) $(CMS))
	SITE_URL=http://$(SERVE_ADDRESS)/ $(BIN)/mkdocs serve --dev-addr $(SERVE_ADDRESS)

clean:
	rm -rf site .cache $(VENV)
