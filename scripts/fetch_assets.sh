#!/usr/bin/env bash
# Fetch the pinned front-end assets from the npm registry and vendor them under
# src/agilepa/static/vendor/. Run it only to change a version; the result is committed.
set -euo pipefail

BOOTSTRAP_ITALIA=2.18.3
HTMX=2.0.11
CHARTJS=4.5.0
AXE_CORE=4.11.4
# AgID's SPID Smart Button (EUPL-1.2): only its official SPID logo is used, on our own button
# (the package's script and stylesheet draw its provider-list popup, which we do not use).
SPID_SMART_BUTTON=1.1.5
SPID_SMART_BUTTON_INTEGRITY=sha512-Sh1PBfzWHvlmjj5RbS36nbK6408sDYUJM3u9ladzt47/xeLXaawA6LvbeZvMbx8vDLkjGUUxBmMMBbz+c3F8sA==

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

# The tarball is checked against the pinned integrity before anything of it is used.
(cd "$tmp" && npm pack --silent "spid-smart-button@$SPID_SMART_BUTTON" >/dev/null)
spid_tgz="$tmp/spid-smart-button-$SPID_SMART_BUTTON.tgz"
got="sha512-$(openssl dgst -sha512 -binary "$spid_tgz" | base64 -w0)"
if [ "$got" != "$SPID_SMART_BUTTON_INTEGRITY" ]; then
  echo "spid-smart-button $SPID_SMART_BUTTON: checksum $got, expected $SPID_SMART_BUTTON_INTEGRITY" >&2
  exit 1
fi
mkdir -p "$tmp/spid-smart-button" && tar -xzf "$spid_tgz" -C "$tmp/spid-smart-button" && rm "$spid_tgz"
mkdir -p "$dest/spid"
cp "$tmp/spid-smart-button/package/dist/img/spid-ico-circle-bb.svg" "$dest/spid/"
cp "$tmp/spid-smart-button/package/LICENSE.md" "$dest/spid/LICENSE.md"

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
spid-smart-button $SPID_SMART_BUTTON $SPID_SMART_BUTTON_INTEGRITY (the SPID logo only)
VERSIONS
echo "vendored into $dest"
