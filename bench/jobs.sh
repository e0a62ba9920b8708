#!/usr/bin/env bash
# No-op jobs/s (enqueue to completion) and pickup latency through the durable queue on both backends.
# SQLite: a fresh data folder. PostgreSQL: a primary started by `stadium infra up` (fsync on, as deployed).
# Usage: bash bench/jobs.sh [jobs per run, default 20000] [runs per backend, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${1:-20000}
runs=${2:-3}
dotnet build src/Stadium -c Release -v q -nologo >/dev/null
stadium=src/Stadium/bin/Release/net10.0/stadium
work=$(mktemp -d)
# PostgreSQL runs as the postgres account when this runs as root: it must be able to enter the folder.
chmod o+x "$work"
trap '"$stadium" infra down --dir "$work/pg" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

echo "== SQLite (embedded default)"
for run in $(seq 1 "$runs"); do
  rm -rf "$work/sqlite"
  "$stadium" work bench --data "$work/sqlite" --jobs "$jobs"
done

echo "== PostgreSQL (primary, fsync on)"
"$stadium" infra up --dir "$work/pg" --replicas 0 >/dev/null
# Each run is paired with the baseline: the same run with Npgsql's automatic statement preparation off.
for run in $(seq 1 "$runs"); do
  "$stadium" work bench --config "$work/pg/stadium.json" --jobs "$jobs" --no-auto-prepare
  "$stadium" work bench --config "$work/pg/stadium.json" --jobs "$jobs"
done
