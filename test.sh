#!/usr/bin/env bash
# The README's test command: builds everything and runs every test.
set -euo pipefail
cd "$(dirname "$0")"

# The PostgreSQL and Redis tests start real servers from Debian's packages and are never skipped,
# so install the packages when they are missing (Debian keeps initdb outside PATH, under
# /usr/lib/postgresql/<version>/bin). CI runs this as root on a fresh machine.
missing=()
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
command -v redis-server >/dev/null || [ -x /usr/bin/redis-server ] || missing+=(redis-server)
# The live dashboard's test loads the page in headless Chromium (Debian's package, with its WebDriver).
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
# The edge cache's tests run deploy/nginx/edge.conf in Debian's nginx.
[ -x /usr/sbin/nginx ] || missing+=(nginx)
# `stadium load export`'s locustfiles run in Debian's Locust; the k6 script's journeys run under node with curl.
[ -x /usr/bin/locust ] || missing+=(python3-locust)
command -v curl >/dev/null || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "test.sh: missing ${missing[*]}; run as root to install them, or: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "test.sh: installing ${missing[*]}"
  log=$(mktemp)
  # Packages with a service (nginx, redis, postgresql) must not start it: the tests start their own on 127.0.0.1.
  policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    policy=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy"
  fi
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >"$log" 2>&1 </dev/null; then
    cat "$log" >&2
    [ -z "$policy" ] || rm -f "$policy"
    exit 1
  fi
  [ -z "$policy" ] || rm -f "$policy"
  rm -f "$log"
fi

# The OpenAPI lint test runs Redocly CLI, pinned in tools/openapi-lint (Node 20 or later; npm reaches its registry).
if [ ! -d tools/openapi-lint/node_modules ]; then
  command -v npm >/dev/null || { echo "test.sh: the OpenAPI lint needs Node.js 20 or later with npm" >&2; exit 1; }
  npm ci --prefix tools/openapi-lint --no-audit --no-fund --loglevel=error >/dev/null </dev/null
fi
# The fault proxy's compatibility test drives it with toxiproxy-node-client, pinned in tools/toxiproxy-client.
if [ ! -d tools/toxiproxy-client/node_modules ]; then
  command -v npm >/dev/null || { echo "test.sh: the fault proxy's client test needs Node.js 20 or later with npm" >&2; exit 1; }
  npm ci --prefix tools/toxiproxy-client --no-audit --no-fund --loglevel=error >/dev/null </dev/null
fi

# The deploy files' offline checks (tools/deploy-check: kubernetes-models, dockerfilelint, Ajv, the AWS SDK's models).
if [ ! -d tools/deploy-check/node_modules ]; then
  command -v npm >/dev/null || { echo "test.sh: the deploy files' checks need Node.js 20 or later with npm" >&2; exit 1; }
  npm ci --prefix tools/deploy-check --no-audit --no-fund --loglevel=error >/dev/null </dev/null
fi

# The house style (.editorconfig) holds everywhere, tests included; the build enforces it for src/ as well.
dotnet format Stadium.slnx --verify-no-changes
dotnet test Stadium.slnx -c Release
