# The README's commands, plus the linters.
.PHONY: run test lock lint fmt translations
run:
	bash scripts/dev.sh run
test:
	bash scripts/dev.sh test
lock:
	bash scripts/dev.sh lock
translations:
	bash scripts/translations.sh update
lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .
fmt:
	.venv/bin/ruff check --fix . && .venv/bin/ruff format .
