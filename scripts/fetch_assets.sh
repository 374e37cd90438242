#!/usr/bin/env bash
# Fetch the pinned front-end assets from the npm registry and vendor them under
# src/agilepa/static/vendor/. Run it only to change a version; the result is committed.
set -euo pipefail

BOOTSTRAP_ITALIA=2.18.3
HTMX=2.0.11
CHARTJS=4.5.0
AXE_CORE=4.11.4

root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/src/agilepa/static/vendor"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

fetch() { # package version -> unpacked folder
  (cd "$tmp" && npm pack --silent "$1@$2" >/dev/null && mkdir -p "$1" && tar -xzf ./*.tgz -C "$1" && rm ./*.tgz)
}

rm -rf "$dest"
mkdir -p "$dest"

fetch bootstrap-italia "$BOOTSTRAP_ITALIA"
bi="$dest/bootstrap-italia"
mkdir -p "$bi/css" "$bi/js" "$bi/svg"
cp "$tmp/bootstrap-italia/package/dist/css/bootstrap-italia.min.css" "$bi/css/"
cp "$tmp/bootstrap-italia/package/dist/js/bootstrap-italia.bundle.min.js" "$bi/js/"
cp "$tmp/bootstrap-italia/package/dist/svg/sprites.svg" "$bi/svg/"
cp -r "$tmp/bootstrap-italia/package/dist/fonts" "$bi/fonts"
cp "$tmp/bootstrap-italia/package/LICENSE" "$bi/LICENSE"

fetch htmx.org "$HTMX"
mkdir -p "$dest/htmx"
cp "$tmp/htmx.org/package/dist/htmx.min.js" "$dest/htmx/"
cp "$tmp/htmx.org/package/LICENSE" "$dest/htmx/LICENSE"

fetch chart.js "$CHARTJS"
mkdir -p "$dest/chartjs"
cp "$tmp/chart.js/package/dist/chart.umd.min.js" "$dest/chartjs/" 2>/dev/null \
  || cp "$tmp/chart.js/package/dist/chart.umd.js" "$dest/chartjs/chart.umd.min.js"
cp "$tmp/chart.js/package/LICENSE.md" "$dest/chartjs/LICENSE.md"

# axe-core is used only by the accessibility tests, never served to users.
fetch axe-core "$AXE_CORE"
mkdir -p "$root/tests/e2e/vendor"
cp "$tmp/axe-core/package/axe.min.js" "$root/tests/e2e/vendor/axe.min.js"
cp "$tmp/axe-core/package/LICENSE" "$root/tests/e2e/vendor/LICENSE-axe-core"

# The packages' minified files name source maps that are not vendored; Django's manifest storage
# (production: collectstatic with hashed names) refuses a file that references a missing one, so
# the reference is stripped.
find "$dest" \( -name '*.css' -o -name '*.js' \) -exec sed -i -E \
  -e 's@/\*# sourceMappingURL=[^*]*\*/@@' -e 's@^//# sourceMappingURL=.*$@@' {} +

cat > "$dest/VERSIONS" <<VERSIONS
bootstrap-italia $BOOTSTRAP_ITALIA
htmx.org $HTMX
chart.js $CHARTJS
axe-core $AXE_CORE (tests/e2e/vendor)
VERSIONS
echo "vendored into $dest"
