#!/usr/bin/env bash
# The side-by-side benchmark of issue 5: the same loads against RtcLive (embedded) and Janus VideoRoom, one after
# the other, inside a network namespace with only loopback; writes BENCHMARKS.md at the top of the repository.
# Bounded: every load has a fixed size and duration, the ramps a time limit; the whole run takes about 10-15 min.
#   tests/bench/run.sh            all loads
#   tests/bench/run.sh smoke      one small load against each side (about a minute; used by ./test.sh)
#   tests/bench/run.sh network    the bad-network cases of ./test.sh (loss, jitter, a 600 kbit/s cap, a dead path), each
#                                 60 s under impairment instead of 12 (RTCLIVE_NETWORK_SECONDS), figures on stdout
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
. scripts/lib.sh

mode=${1:-full}
if [ "$mode" = network ]; then
  ensure_packages chromium iproute2 util-linux nftables
  ensure_web_client
  [ "${RTCLIVE_BENCH_NO_BUILD:-}" = 1 ] || dotnet build tests/RtcLive.E2E.Tests -c Release -nologo -clp:ErrorsOnly -v:q
  report=$(mktemp)
  step "bad networks, ${RTCLIVE_NETWORK_SECONDS:=60} s each, in a loopback-only namespace"
  rc=0
  RTCLIVE_NETWORK_SECONDS=$RTCLIVE_NETWORK_SECONDS RTCLIVE_NETWORK_REPORT=$report in_loopback_namespace \
    dotnet test tests/RtcLive.E2E.Tests -c Release --no-build --nologo --filter 'FullyQualifiedName~BadNetworkTests' || rc=$?
  step "figures ($(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) vCPU)"
  cat "$report"
  exit $rc
fi
ensure_packages iproute2 util-linux janus curl
if [ "${RTCLIVE_BENCH_NO_BUILD:-}" != 1 ]; then
  step "build (Release)"
  dotnet build Signaling/RtcLive.Signaling -c Release -nologo -clp:ErrorsOnly -v:q
  dotnet build tests/RtcLive.LoadTest -c Release -nologo -clp:ErrorsOnly -v:q
fi

out=$(mktemp -d)
date -u '+%Y-%m-%d %H:%M UTC' > "$out/date.txt"
echo "$(nproc) vCPU $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -r), .NET $(dotnet --version), janus $(dpkg-query -W -f='${Version}' janus 2>/dev/null || echo unknown)" > "$out/machine.txt"

step "loads ($mode) in a loopback-only namespace"
in_loopback_namespace bash tests/bench/inner.sh "$mode" "$out"

if [ "$mode" = smoke ]; then
  step "smoke: reports in $out"
  exit 0
fi
dotnet tests/RtcLive.LoadTest/bin/Release/net10.0/rtclive-load.dll report "$out" BENCHMARKS.md "tests/bench/run.sh"
step "BENCHMARKS.md written (raw reports in $out)"
cat BENCHMARKS.md
