#!/usr/bin/env bash
# The side-by-side benchmark of issue 5: the same loads against RtcLive (embedded) and Janus VideoRoom, one after
# the other, inside a network namespace with only loopback; writes BENCHMARKS.md at the top of the repository.
# Bounded: every load has a fixed size and duration, the ramps a time limit; the whole run takes about 10-15 min.
#   tests/bench/run.sh            all loads
#   tests/bench/run.sh smoke      one small load against each side (about a minute; used by ./test.sh)
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
. scripts/lib.sh

mode=${1:-full}
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
