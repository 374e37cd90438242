#!/usr/bin/env bash
# Serve Agile PA in production: PostgreSQL, gunicorn, static files by whitenoise, and the
# background task worker beside the web server. See docs/operations.md.
#
# Required environment: SECRET_KEY, DATABASE_URL (postgres://…), ALLOWED_HOSTS.
# Optional: WEB_CONCURRENCY (gunicorn workers, default 2×cores+1), BIND (default 127.0.0.1:8000),
# AGILEPA_DATA_DIR (static files and uploads, default ./var), the EMAIL_* settings.
set -euo pipefail
: "${SECRET_KEY:?set SECRET_KEY}"
: "${DATABASE_URL:?set DATABASE_URL to the PostgreSQL database}"
: "${ALLOWED_HOSTS:?set ALLOWED_HOSTS to the site host name(s)}"
BIN="${VENV:-.venv}/bin"
BIND="${BIND:-127.0.0.1:8000}"
WORKERS="${WEB_CONCURRENCY:-$(( $(nproc) * 2 + 1 ))}"

"$BIN/python" -m agilepa migrate --no-input
"$BIN/python" -m agilepa collectstatic --no-input -v 0
(cd "$(dirname "$0")/../src/agilepa" && "$OLDPWD/$BIN/python" -m agilepa compilemessages -v 0)

"$BIN/python" -m agilepa db_worker --interval 2 &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM

"$BIN/gunicorn" agilepa.wsgi:application --bind "$BIND" --workers "$WORKERS" \
  --access-logfile - --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-127.0.0.1}"
