#!/usr/bin/env bash
# Stops the local development cluster started by start-local.sh (same TRACKING_PG_DIR), if it is running.
# The data stays in TRACKING_PG_DIR (default /tmp/tracking-pg); delete that directory to start from scratch.
set -euo pipefail

PG_DIR="${TRACKING_PG_DIR:-/tmp/tracking-pg}"

BIN="${TRACKING_PG_BIN:-}"
if [[ -z "$BIN" ]]; then
    for candidate in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
        if [[ -x "$candidate/pg_ctl" ]]; then BIN="$candidate"; break; fi
    done
fi
[[ -n "$BIN" ]] || BIN="$(dirname "$(command -v pg_ctl)")"

if [[ "$(id -u)" -eq 0 ]]; then RUN_AS=(runuser -u postgres --); else RUN_AS=(); fi

if [[ ! -s "$PG_DIR/PG_VERSION" ]]; then
    echo "stop-local.sh: no cluster in $PG_DIR" >&2
    exit 0
fi
if "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$PG_DIR" status >/dev/null 2>&1; then
    "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$PG_DIR" -m fast -w stop >/dev/null
    echo "stop-local.sh: stopped PostgreSQL in $PG_DIR" >&2
else
    echo "stop-local.sh: PostgreSQL in $PG_DIR is not running" >&2
fi
