#!/bin/sh
# check-flatpak-manifest.sh MANIFEST APP_ID: the Flatpak manifest says what it must
#
# Copyright 2026 The Meterlink authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Always: the manifest is JSON with the app ID, command, runtime, permissions and
# modules the app needs. Where flatpak-builder is installed, it reads the manifest
# too (--show-manifest), and any warning it gives (an unknown property, say) fails
# the test; elsewhere that part is skipped (exit 77).
set -eu
manifest=$1
app_id=$2

python3 - "$manifest" "$app_id" <<'PYEOF'
import json
import sys

path, app_id = sys.argv[1], sys.argv[2]
with open(path, encoding='utf-8') as f:
    m = json.load(f)

failures = []

def check(condition, message):
    if not condition:
        failures.append(message)

check(m.get('id') == app_id, f'id is {m.get("id")!r}, not {app_id!r}')
check(m.get('command') == 'meterlink', f'command is {m.get("command")!r}, not meterlink')
check(m.get('runtime') == 'org.gnome.Platform', 'runtime is not org.gnome.Platform')
check(m.get('sdk') == 'org.gnome.Sdk', 'sdk is not org.gnome.Sdk')
check(str(m.get('runtime-version', '')).isdigit(),
      'runtime-version is not a GNOME release number')
expected_args = {'--share=network', '--socket=wayland', '--socket=fallback-x11',
                 '--device=dri', '--share=ipc'}
args = set(m.get('finish-args', []))
check(args == expected_args,
      f'finish-args differ: missing {sorted(expected_args - args)}, extra {sorted(args - expected_args)}')

modules = m.get('modules', [])
names = [mod.get('name') for mod in modules if isinstance(mod, dict)]
check(names[-1:] == ['meterlink'], f'the last module is not meterlink: {names}')
check('libxlsxwriter' in names, 'no libxlsxwriter module')
for mod in modules:
    if not isinstance(mod, dict):
        continue
    for source in mod.get('sources', []):
        kind = source.get('type')
        if kind == 'git':
            check('tag' in source or 'commit' in source,
                  f'{mod["name"]}: a git source without tag or commit')
        elif kind in ('archive', 'file'):
            check('sha256' in source, f'{mod["name"]}: an {kind} source without sha256')
    if mod.get('name') == 'meterlink':
        check(mod.get('buildsystem') == 'meson', 'meterlink is not built with meson')
        check(mod.get('run-tests') is True, 'meterlink does not run its tests')
        check('-Ddevel=false' in mod.get('config-opts', []), 'meterlink is not built with -Ddevel=false')
        check({'type': 'dir', 'path': '..'} in mod.get('sources', []),
              'meterlink is not built from this source tree')

for failure in failures:
    print(f'not ok: {path}: {failure}')
if failures:
    sys.exit(1)
print(f'ok: {path} is JSON and says what it must')
PYEOF

if ! command -v flatpak-builder >/dev/null 2>&1; then
  echo "skip: flatpak-builder is not installed; the manifest was checked as JSON only"
  exit 77
fi

# flatpak-builder keeps its state in the current directory, even to show a manifest.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
manifest_abs=$(cd "$(dirname "$manifest")" && pwd)/$(basename "$manifest")
if ! (cd "$tmp" && flatpak-builder --show-manifest "$manifest_abs" >"$tmp/shown.json" 2>"$tmp/stderr"); then
  cat "$tmp/stderr"
  echo "not ok: flatpak-builder cannot read $manifest"
  exit 1
fi
if [ -s "$tmp/stderr" ]; then
  cat "$tmp/stderr"
  echo "not ok: flatpak-builder warns about $manifest"
  exit 1
fi
echo "ok: flatpak-builder reads $manifest"
