#!/usr/bin/env bash
# The README's two commands: `bash scripts/dev.sh run` and `bash scripts/dev.sh test`.
# Both set up everything they need first and are safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
PY="$VENV/bin/python"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
  # Installs the Debian packages that are missing; quiet and quick when all are there.
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

setup_python() {
  if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then apt_install python3-venv; fi
  [ -x "$PY" ] || python3 -m venv "$VENV"
  # Reinstall only when the dependency pins change. constraints.txt pins every package, direct
  # or not, to the versions the suite last passed with (README: "Upgrading the dependencies").
  local stamp="$VENV/.installed-$(cat setup.cfg pyproject.toml constraints.txt | sha256sum | cut -c1-16)"
  if [ ! -f "$stamp" ]; then
    "$PY" -m pip install -q --disable-pip-version-check -c constraints.txt -e '.[test]'
    rm -f "$VENV"/.installed-*
    touch "$stamp"
  fi
  # The interface's translations: .po files in the repository, .mo compiled here (git-ignored).
  PYBABEL="$VENV/bin/pybabel" bash scripts/translations.sh compile
}

lock() {
  # Upgrade: a fresh venv from setup.cfg's pins alone, then its exact set of packages recorded.
  local fresh
  fresh="$(mktemp -d)"
  python3 -m venv "$fresh"
  "$fresh/bin/pip" install -q --disable-pip-version-check -e '.[test]'
  {
    echo "# Every package the app and its tests install, pinned: made by 'pip freeze' of a working venv."
    echo "# Used by scripts/dev.sh (pip install -c constraints.txt -e '.[test]'); to upgrade, see README."
    "$fresh/bin/pip" freeze --exclude-editable | grep -vi '^nsc-library'
  } > constraints.txt
  rm -rf "$fresh"
  echo "constraints.txt rewritten; run the suite (bash scripts/dev.sh test) before committing it."
}

flask() { "$VENV/bin/flask" --app nsc_library "$@"; }

run() {
  setup_python
  flask init-db
  flask seed-demo --if-empty
  # Catch the search index up with the database; rebuild it if it is missing or wrong.
  flask check-index || flask reindex
  echo "Serving the library on http://127.0.0.1:5000 (Ctrl+C stops it)"
  exec "$VENV/bin/gunicorn" --config gunicorn.conf.py --bind 127.0.0.1:5000 --workers 2 \
    --access-logfile - wsgi:app
}

test() {
  # The suite runs once per database in NSC_TEST_DATABASES (default: both), PostgreSQL on a
  # throw-away server in .pg/ that is stopped again however the run ends.
  local databases="${NSC_TEST_DATABASES:-sqlite postgresql}"
  setup_python
  # Browser tests drive Debian's Chromium; Playwright never downloads a browser of its own.
  apt_install chromium
  if [[ " $databases " == *" postgresql "* ]]; then apt_install postgresql; fi
  "$VENV/bin/ruff" check .
  "$VENV/bin/ruff" format --check .
  for database in $databases; do
    echo "== test suite on $database"
    if [ "$database" = postgresql ]; then
      trap 'bash scripts/postgres.sh stop' EXIT
      bash scripts/postgres.sh start
    fi
    # Three xdist workers on two cores: a worker spends about a third of its time waiting for
    # Chromium, live servers and CLI subprocesses, and a third worker fills it (docs/performance.md).
    NSC_TEST_DATABASE="$database" "$VENV/bin/pytest" -n 3 "$@"
  done
}

case "${1:-}" in
  run) shift; run "$@" ;;
  lock) shift; lock "$@" ;;
  test) shift; test "$@" ;;
  *) echo "usage: bash scripts/dev.sh run|test|lock [pytest arguments]" >&2; exit 2 ;;
esac
