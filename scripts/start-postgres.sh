#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the test suite on 127.0.0.1, with the role and database the
# tests use (see lib/test/support/postgres.ts). Needs Debian's postgresql package:
#   apt-get update && apt-get install -y postgresql
# Settings: POSTGRES_PORT (default 5432), PGDATA_DIR (default /tmp/eventsourcing-postgres).
set -euo pipefail

port="${POSTGRES_PORT:-5432}"
data_dir="${PGDATA_DIR:-/tmp/eventsourcing-postgres}"
bin_dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
if [ -z "$bin_dir" ]; then
  echo "PostgreSQL is not installed. Install it with: apt-get update && apt-get install -y postgresql" >&2
  exit 1
fi

run_as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if run_as_postgres "$bin_dir/pg_isready" -h 127.0.0.1 -p "$port" -q; then
  echo "PostgreSQL is already running on 127.0.0.1:$port"
else
  if [ ! -f "$data_dir/PG_VERSION" ]; then
    mkdir -p "$data_dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$data_dir"
    run_as_postgres "$bin_dir/initdb" -D "$data_dir" -U postgres --auth=trust -E UTF8 >/dev/null
  fi
  run_as_postgres "$bin_dir/pg_ctl" -D "$data_dir" -l "$data_dir/server.log" -w \
    -o "-h 127.0.0.1 -p $port -k /tmp -c max_connections=200 -c fsync=on" start >/dev/null
  echo "PostgreSQL started on 127.0.0.1:$port (data in $data_dir)"
fi

psql_admin() { run_as_postgres "$bin_dir/psql" -h 127.0.0.1 -p "$port" -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = 'eventsourcing'")" != 1 ]; then
  psql_admin -c "CREATE ROLE eventsourcing LOGIN PASSWORD 'eventsourcing'"
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = 'eventsourcing'")" != 1 ]; then
  psql_admin -c "CREATE DATABASE eventsourcing OWNER eventsourcing"
fi
echo "Database eventsourcing (user eventsourcing, password eventsourcing) is ready."
