#!/usr/bin/env bash
# Start the local PostgreSQL cluster if it is down, and make sure the database the test
# suite connects to exists (pytest-django then creates its own test_* databases beside it).
set -euo pipefail
DB="${AGILEPA_PG_DB:-agilepa}"

psql_ok() { psql -h 127.0.0.1 -U postgres -d postgres -tAc "select 1" >/dev/null 2>&1; }

if ! psql_ok; then
  version="$(ls /etc/postgresql | sort -V | tail -n 1)"
  echo "Starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do psql_ok && break; sleep 1; done
fi
if ! psql_ok; then
  echo "PostgreSQL is not reachable on 127.0.0.1:5432 as user postgres (trust auth expected)." >&2
  exit 1
fi
if [ "$(psql -h 127.0.0.1 -U postgres -d postgres -tAc "select 1 from pg_database where datname='$DB'")" != "1" ]; then
  psql -h 127.0.0.1 -U postgres -d postgres -qc "create database \"$DB\""
  echo "Created database $DB"
fi
