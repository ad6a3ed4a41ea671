#!/bin/sh
# check-translations.sh SOURCE_ROOT: every translatable string has a German translation.
#
# Extracts the strings of po/POTFILES.in afresh, merges them into a copy of
# po/de.po and fails on any string that is untranslated or fuzzy; also fails when a
# source file with translatable strings is missing from po/POTFILES.in.
set -eu
top=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

cd "$top"
for f in $(grep -rlE '_\("|N_\("|translatable="yes"' src data 2>/dev/null | sort); do
  if ! grep -qxF "$f" po/POTFILES.in; then
    echo "not ok: $f has translatable strings but is not in po/POTFILES.in"
    status=1
  fi
done

xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dngettext:2,3 --add-comments --files-from=po/POTFILES.in \
  --output="$tmp/meterlink.pot" --directory="$top"
msgmerge --quiet --no-fuzzy-matching --output-file="$tmp/de.po" po/de.po "$tmp/meterlink.pot"

untranslated=$(msgattrib --untranslated --no-obsolete "$tmp/de.po" | grep -c '^msgid ' || true)
fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$tmp/de.po" | grep -c '^msgid ' || true)
# msgattrib prints the header entry as one msgid when anything is printed at all.
[ "$untranslated" -gt 0 ] && untranslated=$((untranslated - 1))
[ "$fuzzy" -gt 0 ] && fuzzy=$((fuzzy - 1))

if [ "$untranslated" -ne 0 ] || [ "$fuzzy" -ne 0 ]; then
  echo "not ok: po/de.po has $untranslated untranslated and $fuzzy fuzzy strings:"
  msgattrib --untranslated --no-obsolete "$tmp/de.po" | grep '^msgid ' | sed 1d | head -20
  status=1
fi
msgfmt --check --output-file=/dev/null "$tmp/de.po" || status=1

[ $status -eq 0 ] && echo "ok: po/de.po is complete"
exit $status
