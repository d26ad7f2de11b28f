# Two commands on a fresh machine: `make build` (site into site/) and `make test` (every test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: build test serve check clean

# The virtual environment with the pinned dependencies, (re)made when the pins change. pip installs only
# uv (pinned in requirements.txt), which installs the rest: 10 s instead of pip's 42 s on a fresh clone.
UV = $(BIN)/uv pip install --quiet --python $(BIN)/python
$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check "$$(grep '^uv==' requirements.txt)"
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

# axe-core for the accessibility tests, from the npm registry at the version package-lock.json pins.
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
