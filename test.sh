#!/usr/bin/env bash
# The README's test command: builds everything and runs every test.
set -euo pipefail
cd "$(dirname "$0")"
dotnet test Stadium.slnx -c Release
