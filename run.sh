#!/usr/bin/env bash
# Runs the whole stack: PostgreSQL, RabbitMQ and the four services, after installing what is missing.
set -euo pipefail
cd "$(dirname "$0")"
scripts/prerequisites.sh
exec dotnet run --project src/AppHost -- "$@"
