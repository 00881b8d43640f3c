#!/usr/bin/env bash
# Copies the front-end libraries we serve (or test with) from the npm registry into the repository,
# so that `make demo` needs neither npm nor internet. Re-run after changing a version below and
# commit the result. Needs: npm (any recent), tar.
#
#   KERN UX (@kern-ux/native, EUPL-1.2): CSS, Fira Sans fonts, the Kopfzeile web component
#   htmx (htmx.org, 0BSD): partial page updates
#   axe-core (MPL-2.0): accessibility checks in the browser tests only (not served)
#   Vega, Vega-Lite, vega-embed (BSD-3-Clause): monitoring charts; vega-embed 7 bundles
#   vega-interpreter (its npm build is an ES module only), used with `ast: true` instead of eval
#   Leaflet (BSD-2-Clause): monitoring maps
set -euo pipefail

KERN_VERSION=2.7.2
HTMX_VERSION=2.0.11
AXE_VERSION=4.11.0
VEGA_VERSION=6.2.0
VEGA_LITE_VERSION=6.4.1
VEGA_EMBED_VERSION=7.1.0
LEAFLET_VERSION=1.9.4

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

# Charts: Vega-Lite specs (built with Altair) rendered by vega-embed; the interpreter evaluates
# Vega expressions without eval, so the Content-Security-Policy needs no 'unsafe-eval'.
rm -rf "$static/vega" && mkdir -p "$static/vega"
for spec in "vega $VEGA_VERSION" "vega-lite $VEGA_LITE_VERSION" "vega-embed $VEGA_EMBED_VERSION"; do
  set -- $spec
  dir=$(fetch "$1" "$2")
  cp "$dir/build/$1.min.js" "$static/vega/"
  cp "$dir/LICENSE" "$static/vega/LICENSE-$1"
  echo "$1 $2" >> "$static/vega/VERSION"
done

leaflet=$(fetch leaflet "$LEAFLET_VERSION")
rm -rf "$static/leaflet" && mkdir -p "$static/leaflet/images"
cp "$leaflet/dist/leaflet.js" "$leaflet/dist/leaflet.css" "$leaflet/LICENSE" "$static/leaflet/"
cp "$leaflet/dist/images/"*.png "$static/leaflet/images/"
echo "$LEAFLET_VERSION" > "$static/leaflet/VERSION"

# The source maps are not vendored; a reference to a missing map stops collectstatic (the
# manifest storage rewrites every sourceMappingURL), so the references go too.
find "$static" -name '*.js' -exec sed -i '/^\/\/# sourceMappingURL=/d' {} +

echo "vendored: KERN UX $KERN_VERSION, htmx $HTMX_VERSION, axe-core $AXE_VERSION, Vega $VEGA_VERSION," \
  "Vega-Lite $VEGA_LITE_VERSION, vega-embed $VEGA_EMBED_VERSION, Leaflet $LEAFLET_VERSION"
