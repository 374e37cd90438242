#!/usr/bin/env bash
# Agile PA in production: PostgreSQL, gunicorn, static files by whitenoise (manifest storage),
# the task worker and the periodic-job runner. See docs/operations.md.
#
#   scripts/serve_production.sh release    migrate, collect static files, compile translations
#   scripts/serve_production.sh web        gunicorn (in the foreground)
#   scripts/serve_production.sh worker     the background task worker
#   scripts/serve_production.sh scheduler  the periodic jobs (replaces cron)
#   scripts/serve_production.sh [all]      release, then the three side by side; when one of them
#                                          stops, the others are stopped and the script exits 1,
#                                          so its supervisor (systemd) starts it all again
#
# The systemd units in deploy/systemd/ run release, web, worker and scheduler as separate units.
# Required environment: SECRET_KEY, DATABASE_URL (postgres://…), ALLOWED_HOSTS.
# Optional: WEB_CONCURRENCY (gunicorn workers, default 2×cores+1), BIND (default 127.0.0.1:8000),
# AGILEPA_DATA_DIR (static files and uploads, default ./var), VENV (default <repo>/.venv), the
# EMAIL_* settings and the others of docs/operations.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${VENV:-$root/.venv}/bin"
role="${1:-all}"

# One line per missing setting, saying how to set it; nothing starts without them.
missing=0
need() { # name, how
  if [ -z "${!1:-}" ]; then echo "agilepa: $1 is not set: $2 (docs/operations.md)" >&2; missing=1; fi
}
need SECRET_KEY "set it to a long random value, e.g. the output of: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
need DATABASE_URL "set it to the PostgreSQL database, e.g. postgres://agilepa:PASSWORD@127.0.0.1:5432/agilepa"
need ALLOWED_HOSTS "set it to the site's host name(s), comma-separated, e.g. agile.comune.example.it"
[ "$missing" -eq 0 ] || exit 2

py() { "$BIN/python" -m agilepa "$@"; }

release() {
  # migrate, collectstatic (skipped when the static sources did not change), compilemessages
  py release -v 0
}

web() {
  exec "$BIN/gunicorn" agilepa.wsgi:application \
    --bind "${BIND:-127.0.0.1:8000}" \
    --workers "${WEB_CONCURRENCY:-$(($(nproc) * 2 + 1))}" \
    --access-logfile - \
    --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-127.0.0.1}"
}

case "$role" in
  release) release ;;
  web) web ;;
  worker) exec "$BIN/python" -m agilepa worker --interval 2 ;;
  scheduler) exec "$BIN/python" -m agilepa scheduler ;;
  all)
    release
    pids=()
    "$0" worker & pids+=($!)
    "$0" scheduler & pids+=($!)
    "$0" web & pids+=($!)
    stop() { kill -TERM "${pids[@]}" 2>/dev/null || true; wait || true; }
    trap 'stop; exit 0' INT TERM
    # The first of the three to stop takes the others down: a half-running site is worse than
    # a restart by the supervisor.
    wait -n || true
    echo "agilepa: a process stopped; stopping the others" >&2
    stop
    exit 1
    ;;
  *) echo "usage: $0 [all|release|web|worker|scheduler]" >&2; exit 2 ;;
esac
