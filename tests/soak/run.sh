#!/usr/bin/env bash
# The soak of issue 9: embedded RtcLive with a class of one presenter and N subscribers from the load generator,
# one subscriber leaving and another joining every few seconds, for M minutes (default 30; the longer test tier
# runs 10). Inside a loopback-only namespace. Fails when the SFU leaks (participants left in /api/cluster, open
# handles growing), when joins fail, or when the server logged an error; prints the memory slope.
#   tests/soak/run.sh [minutes] [subscribers] [churn-seconds]
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
. scripts/lib.sh

minutes=${1:-30} subscribers=${2:-20} churn=${3:-3}
ensure_packages iproute2 util-linux curl
if [ "${RTCLIVE_BENCH_NO_BUILD:-}" != 1 ]; then
  step "build (Release)"
  dotnet build Signaling/RtcLive.Signaling -c Release -nologo -clp:ErrorsOnly -v:q
  dotnet build tests/RtcLive.LoadTest -c Release -nologo -clp:ErrorsOnly -v:q
fi
out=$(mktemp -d)
step "soak: $minutes min, $subscribers subscribers, churn every $churn s (logs and report in $out)"
in_loopback_namespace bash tests/soak/inner.sh "$minutes" "$subscribers" "$churn" "$out"
