#!/usr/bin/env bash
# The interface's gettext catalogues (README: "Languages"), with Babel's pybabel:
#   extract           the marked strings of nsc_library/ and templates/ into messages.pot
#   update            extract, then merge new strings into every messages.po (translations kept)
#   compile           messages.po -> messages.mo for each language (the set-up runs this)
#   init LANG         a new, empty catalogue for LANG
#   extract-to FILE   extract into FILE (the suite compares it with the committed messages.pot)
set -euo pipefail
cd "$(dirname "$0")/.."

PYBABEL="${PYBABEL:-.venv/bin/pybabel}"
DIR=nsc_library/translations
POT="$DIR/messages.pot"

extract_to() {
  # No file positions and no dates in the template: it changes only when a string does.
  "$PYBABEL" -q extract -F babel.cfg -k _l -k lazy_gettext --no-location --omit-header \
    --no-wrap --project "Nordic Safe Cities Practice Library" -o "$1" .
}

case "${1:-}" in
  extract) extract_to "$POT" ;;
  extract-to) extract_to "$2" ;;
  update)
    extract_to "$POT"
    "$PYBABEL" -q update -i "$POT" -d "$DIR" --no-wrap --no-fuzzy-matching --ignore-pot-creation-date ;;
  compile) "$PYBABEL" -q compile -d "$DIR" ;;
  init) "$PYBABEL" -q init -i "$POT" -d "$DIR" --no-wrap -l "$2" ;;
  *) echo "usage: bash scripts/translations.sh extract|update|compile|init LANG|extract-to FILE" >&2; exit 2 ;;
esac
