#!/usr/bin/env bash
# Copies the front-end libraries we serve (or test with) from the npm registry into the repository,
# so that `make demo` needs neither npm nor internet. Re-run after changing a version below and
# commit the result. Needs: npm (any recent), tar.
#
#   KERN UX (@kern-ux/native, EUPL-1.2): CSS, Fira Sans fonts, the Kopfzeile web component
#   htmx (htmx.org, 0BSD): partial page updates
#   axe-core (MPL-2.0): accessibility checks in the browser tests only (not served)
set -euo pipefail

KERN_VERSION=2.7.2
HTMX_VERSION=2.0.11
AXE_VERSION=4.11.0

root=$(cd "$(dirname "$0")/.." && pwd)
static="$root/src/wohnbuendnis/static/vendor"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fetch() {  # fetch PACKAGE VERSION -> unpacks into $work/<name>
  local name=$1 version=$2 dir="$work/$(basename "$1")"
  mkdir -p "$dir"
  (cd "$dir" && npm pack --silent "$name@$version" >/dev/null && tar xzf ./*.tgz)
  echo "$dir/package"
}

kern=$(fetch @kern-ux/native "$KERN_VERSION")
rm -rf "$static/kern"
mkdir -p "$static/kern/fonts/fira-sans" "$static/kern/js"
cp "$kern/dist/kern.min.css" "$kern/LICENSE.md" "$static/kern/"
cp "$kern/dist/fonts/fira-sans.css" "$static/kern/fonts/"
# Only the weights the stylesheet uses (400, 600, 700 with italics) keep the repository small.
for face in Regular Italic SemiBold SemiBoldItalic Bold BoldItalic; do
  cp "$kern/dist/fonts/fira-sans/FiraSans-$face.woff2" "$static/kern/fonts/fira-sans/"
done
python3 - "$static/kern/fonts/fira-sans.css" <<'PY'
import re, sys
path = sys.argv[1]
css = open(path, encoding="utf-8").read()
keep = {"Regular", "Italic", "SemiBold", "SemiBoldItalic", "Bold", "BoldItalic"}
blocks = re.findall(r"@font-face\s*{[^}]*}", css)
kept = [b for b in blocks if re.search(r"FiraSans-(\w+)\.woff2", b).group(1) in keep]
open(path, "w", encoding="utf-8").write("\n".join(kept) + "\n")
PY
cp "$kern/dist/js/kern-kopfzeile.js" "$static/kern/js/"
echo "$KERN_VERSION" > "$static/kern/VERSION"

htmx=$(fetch htmx.org "$HTMX_VERSION")
rm -rf "$static/htmx" && mkdir -p "$static/htmx"
cp "$htmx/dist/htmx.min.js" "$htmx/LICENSE" "$static/htmx/"
echo "$HTMX_VERSION" > "$static/htmx/VERSION"

axe=$(fetch axe-core "$AXE_VERSION")
rm -rf "$root/vendor/axe-core" && mkdir -p "$root/vendor/axe-core"
cp "$axe/axe.min.js" "$axe/LICENSE" "$root/vendor/axe-core/"
echo "$AXE_VERSION" > "$root/vendor/axe-core/VERSION"

echo "vendored: KERN UX $KERN_VERSION, htmx $HTMX_VERSION, axe-core $AXE_VERSION"
