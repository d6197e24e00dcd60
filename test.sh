#!/usr/bin/env bash
# Runs every test against real PostgreSQL and RabbitMQ, after installing what is missing.
set -euo pipefail
cd "$(dirname "$0")"
scripts/prerequisites.sh
dotnet test PijarSemar.sln "$@"
