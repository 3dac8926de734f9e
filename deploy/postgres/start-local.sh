#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 cluster for development and tests, idempotently.
#
#   deploy/postgres/start-local.sh            # starts (or finds running) and prints the connection string last
#   TRACKING_PG_DIR=/tmp/pg2 TRACKING_PG_PORT=55433 deploy/postgres/start-local.sh   # a second, separate cluster
#   deploy/postgres/stop-local.sh             # stops it (pg_ctl stop -m fast)
#
# The cluster listens on 127.0.0.1 only, trusts local connections (no password) and keeps fsync ON:
# the durability tests rely on a commit really being on disk. It is for a developer machine or CI only.
#
# Production: do not use this script. Point the host at a managed or self-run PostgreSQL (15 or later)
# by giving it a normal Npgsql connection string, e.g.
#   Host=db.internal;Port=5432;Username=tracking;Password=...;Database=tracking;SSL Mode=Require
# The silo applies the schema itself at start-up (SchemaMigrator, deploy/sql/*.sql); the role it uses needs
# CREATE on the database for the first start, or a DBA applies deploy/sql/*.sql in order beforehand.
set -euo pipefail

PG_DIR="${TRACKING_PG_DIR:-/tmp/tracking-pg}"
PG_PORT="${TRACKING_PG_PORT:-55432}"
PG_DB="${TRACKING_PG_DB:-tracking}"
PG_SUPERUSER=postgres

find_bindir() {
    if [[ -n "${TRACKING_PG_BIN:-}" ]]; then echo "$TRACKING_PG_BIN"; return; fi
    for candidate in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
        if [[ -x "$candidate/pg_ctl" ]]; then echo "$candidate"; return; fi
    done
    if command -v pg_ctl >/dev/null 2>&1; then dirname "$(command -v pg_ctl)"; return; fi
    echo "start-local.sh: no PostgreSQL binaries found (install postgresql-15, or set TRACKING_PG_BIN)" >&2
    exit 1
}
BIN="$(find_bindir)"

# initdb and postgres refuse to run as root, so as root everything server-side runs as the postgres user.
if [[ "$(id -u)" -eq 0 ]]; then
    RUN_AS=(runuser -u postgres --)
    OWNER=postgres
else
    RUN_AS=()
    OWNER="$(id -un)"
fi
run() { "${RUN_AS[@]}" "$@"; }

CONNECTION_STRING="Host=127.0.0.1;Port=${PG_PORT};Username=${PG_SUPERUSER};Database=${PG_DB}"

# Several test processes may call this at once on a fresh machine: serialise them, so only one runs initdb
# and pg_ctl start while the others wait and then find the cluster running.
mkdir -p "$(dirname "$PG_DIR")"
exec 9>"$PG_DIR.lock"
if command -v flock >/dev/null 2>&1; then
    flock -w 120 9 || { echo "start-local.sh: timed out waiting for $PG_DIR.lock" >&2; exit 1; }
fi

if [[ ! -s "$PG_DIR/PG_VERSION" ]]; then
    mkdir -p "$PG_DIR"
    chown "$OWNER" "$PG_DIR"
    chmod 700 "$PG_DIR"
    echo "start-local.sh: initialising a new cluster in $PG_DIR" >&2
    run "$BIN/initdb" -D "$PG_DIR" -U "$PG_SUPERUSER" --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$PG_DIR.initdb.log" 2>&1 \
        || { cat "$PG_DIR.initdb.log" >&2; exit 1; }
    # Settings for a disposable dev/test cluster. fsync, synchronous_commit and full_page_writes keep their
    # (durable) defaults on purpose. The socket goes into the data dir so no system directory is needed.
    cat >>"$PG_DIR/postgresql.conf" <<EOF

# --- tracking local cluster (deploy/postgres/start-local.sh) ---
listen_addresses = '127.0.0.1'
port = ${PG_PORT}
unix_socket_directories = '${PG_DIR}'
max_connections = 200
fsync = on
synchronous_commit = on
timezone = 'UTC'
log_destination = 'stderr'
logging_collector = off
EOF
    cat >"$PG_DIR/pg_hba.conf" <<EOF
# Local development cluster: trust connections from this machine only.
local   all   all                 trust
host    all   all   127.0.0.1/32  trust
EOF
fi

if run "$BIN/pg_ctl" -D "$PG_DIR" status >/dev/null 2>&1; then
    echo "start-local.sh: PostgreSQL already running in $PG_DIR on port $PG_PORT" >&2
else
    # 9>&-: the server must not inherit the lock, or it would hold it for as long as it runs.
    run "$BIN/pg_ctl" -D "$PG_DIR" -l "$PG_DIR/server.log" -w -t 60 -o "-p ${PG_PORT}" start >/dev/null 9>&- \
        || { tail -n 30 "$PG_DIR/server.log" >&2 || true; exit 1; }
    echo "start-local.sh: PostgreSQL started in $PG_DIR on port $PG_PORT" >&2
fi

for _ in $(seq 1 50); do
    if "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; then break; fi
    sleep 0.2
done

psql_admin() { "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U "$PG_SUPERUSER" -d postgres "$@"; }
if [[ "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '${PG_DB}'")" != "1" ]]; then
    # Two scripts racing here is harmless: the loser's CREATE fails with "already exists", which we accept.
    psql_admin -c "CREATE DATABASE \"${PG_DB}\"" 2>/dev/null \
        || [[ "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '${PG_DB}'")" == "1" ]]
fi

echo "$CONNECTION_STRING"
