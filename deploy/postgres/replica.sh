#!/bin/bash
# The streaming replica: on first start, clone the primary (pg_basebackup -R writes standby.signal and
# primary_conninfo), then run postgres as the official image would. PGPASSWORD is the replicator's password.
set -euo pipefail
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready -h postgres-primary -U replicator -d postgres; do sleep 1; done
  pg_basebackup -h postgres-primary -U replicator -D "$PGDATA" -R -X stream --checkpoint=fast
  chmod 0700 "$PGDATA"
fi
exec docker-entrypoint.sh "$@"
