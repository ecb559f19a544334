# Everything a fresh machine with python3 and make needs: `make run`, `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev
PACKAGE_STAMP := $(VENV)/.installed-package
SAMPLE := curator_app/resources/sample-articles
BUNDLE := dist/curator-app
# `make install-desktop EXEC=…/dist/curator-app/curator-app` points the menu at the bundle.
EXEC ?= $(abspath $(BIN)/curator-app)

.PHONY: run test lint typecheck layers pytest bench screenshot screenshots package \
	install-desktop uninstall-desktop clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

$(PACKAGE_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[package]"
	touch $(PACKAGE_STAMP)

# curator-app checks the system libraries Qt's window needs before it starts Qt, and
# exits with status 3 naming the missing ones and the command that installs them.
# A fresh copy of the sample folder, outside this repository: trying the window never
# changes the project's files (nor offers to set up git merging for the project itself).
run: $(STAMP)
	@copy="$$(mktemp -d)/sample-articles" && cp -R $(SAMPLE) "$$copy" && \
		echo "Opening a copy of the sample folder: $$copy" && $(BIN)/curator-app "$$copy"

test: lint typecheck layers pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

layers: $(STAMP)
	$(BIN)/lint-imports

pytest: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

screenshot: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m curator_app.ui.screenshot $(SAMPLE) docs/screenshot.png

# Every screenshot in docs/, from the real widgets on the sample folder.
screenshots: screenshot
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m curator_app.ui.screenshot --dark $(SAMPLE) docs/screenshot-dark.png
	QT_QPA_PLATFORM=offscreen QT_SCALE_FACTOR=1.5 $(BIN)/python -m curator_app.ui.screenshot $(SAMPLE) docs/screenshot-150.png
	QT_QPA_PLATFORM=offscreen QT_SCALE_FACTOR=2 $(BIN)/python -m curator_app.ui.screenshot $(SAMPLE) docs/screenshot-200.png
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m curator_app.ui.screenshot --size 683x740 $(SAMPLE) docs/screenshot-narrow.png
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m curator_app.ui.screenshot --search zurich --published $(SAMPLE) docs/screenshot-empty.png

# The one-folder bundle dist/curator-app/ (curator-app and curator); its self-test must pass.
package: $(PACKAGE_STAMP)
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/curator-app.spec
	$(BUNDLE)/curator --version
	$(BUNDLE)/curator scan $(BUNDLE)/_internal/$(SAMPLE) > /dev/null
	$(BUNDLE)/curator-app --self-test
	@du -sh $(BUNDLE)

install-desktop: $(STAMP)
	$(BIN)/python packaging/linux/desktop_files.py install --exec "$(EXEC)"

uninstall-desktop: $(STAMP)
	$(BIN)/python packaging/linux/desktop_files.py uninstall

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build dist
