#!/usr/bin/env bash
# The class load test of issue 17: builds class-load (release) and runs it against one
# PostgreSQL server and one SQLite file. Figures and how to read them: docs/benchmarks.md.
#
#   Benchmarks/class-load.sh [class-load options: --learners 200 --answers 50 --pool 32 ...]
#
# GOLDILOCKS_BENCH_POSTGRES_URL names the server to use (postgres://USER@HOST:PORT/DB; the
# run makes its own schema there). Without it a throw-away server is started as .ci/run
# does it (initdb in a temporary folder, loopback port CLASS_LOAD_PG_PORT, default 55490,
# run as `nobody` when started by root) and stopped afterwards.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
swift build -c release --package-path "$BENCH" --product class-load
BIN="$(swift build -c release --package-path "$BENCH" --show-bin-path)/class-load"

if [[ -z "${GOLDILOCKS_BENCH_POSTGRES_URL:-}" ]]; then
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -n "$PG_BIN" && -x "$PG_BIN/initdb" ]]; then
    PG_DIR=$(mktemp -d /tmp/goldilocks-load-pg.XXXXXX)
    PG_PORT=${CLASS_LOAD_PG_PORT:-55490}
    as_pg() { if [[ "$(id -u)" == 0 ]]; then runuser -u nobody -- "$@"; else "$@"; fi; }
    if [[ "$(id -u)" == 0 ]]; then chown nobody "$PG_DIR"; fi
    stop_postgres() {
      as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
      rm -rf "$PG_DIR"
    }
    trap stop_postgres EXIT
    (cd /tmp && as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U goldilocks --auth=trust >/dev/null)
    (cd /tmp && as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
      -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=300" \
      start >/dev/null)
    psql -h 127.0.0.1 -p "$PG_PORT" -U goldilocks -d postgres -q -c "CREATE DATABASE load"
    export GOLDILOCKS_BENCH_POSTGRES_URL="postgres://goldilocks@127.0.0.1:$PG_PORT/load"
  else
    echo "== PostgreSQL not found: only the SQLite run will be made"
  fi
fi
echo "== $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores; $(uptime)"
"$BIN" "$@"
