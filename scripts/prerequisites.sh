#!/usr/bin/env bash
# Installs what the stack and the tests run on, when it is missing: PostgreSQL 15+ and RabbitMQ
# server binaries (started privately by the AppHost and the test fixtures, never as system services),
# and the Kubernetes client (Debian: kubernetes-client), whose built-in Kustomize renders the
# deployment manifests that tests/Deploy.Tests checks.
set -euo pipefail

missing=()
compgen -G '/usr/lib/postgresql/*/bin/postgres' > /dev/null || missing+=(postgresql)
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || command -v rabbitmq-server > /dev/null || missing+=(rabbitmq-server)
command -v kubectl > /dev/null || missing+=(kubernetes-client)

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} ..."
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
fi

command -v dotnet > /dev/null || { echo "The .NET 10 SDK is required: https://dot.net" >&2; exit 1; }
