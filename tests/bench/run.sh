#!/usr/bin/env bash
# The side-by-side benchmark of issue 5: the same loads against RtcLive (embedded) and Janus VideoRoom, one after
# the other, inside a network namespace with only loopback; writes BENCHMARKS.md at the top of the repository.
# Bounded: every load has a fixed size and duration, the ramps a time limit; the whole run takes about 10-20 min.
#   tests/bench/run.sh            all loads
#   tests/bench/run.sh smoke      one small load against each side (about a minute; used by ./test.sh)
#   tests/bench/run.sh sendbatch  RtcLive alone, 1 → 200 subscribers with one sendto per datagram and with sendmmsg
#                                 batches (RtcLive:Media:SendBatch 1 and 32) in turn, 5 runs each; figures on stdout
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
if [ "$mode" = sendbatch ]; then
  step "sendmmsg batching, 1 publisher → 200 subscribers ($(cat "$out/date.txt"), $(cat "$out/machine.txt"))"
  figure() { grep -oE "\"$1\": *[0-9.]+" "$2" | grep -oE '[0-9.]+$'; }
  for f in "$out"/sendbatch-*.rtclive.json; do
    b=$(basename "$f" .rtclive.json | cut -d- -f2)
    echo "$b $(figure sfuCpuMicrosPerPacket "$f") $(figure p99Ms "$f" | head -1) $(figure lossPercent "$f")"
  done | sort -n -k1,1 -s | awk '
    { printf "SendBatch %-3s CPU %6.2f µs/packet  delay p99 %6.2f ms  loss %.3f %%\n", $1, $2, $3, $4
      n[$1]++; cpu[$1, n[$1]] = $2; p99[$1, n[$1]] = $3 }
    function median(a, b, k,   i, j, t, v) {
      for (i = 1; i <= k; i++) v[i] = a[b, i]
      for (i = 2; i <= k; i++) for (j = i; j > 1 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
      return k % 2 ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2 }
    END { if (n[1] && n[32]) {
      c1 = median(cpu, 1, n[1]); c32 = median(cpu, 32, n[32])
      printf "median CPU per forwarded packet: %.2f µs with sendto each, %.2f µs with sendmmsg batches: ratio %.2f\n", c1, c32, c32 / c1
      printf "median delay p99: %.2f ms with sendto each, %.2f ms with sendmmsg batches\n", median(p99, 1, n[1]), median(p99, 32, n[32]) } }'
  exit 0
fi
dotnet tests/RtcLive.LoadTest/bin/Release/net10.0/rtclive-load.dll report "$out" BENCHMARKS.md "tests/bench/run.sh"
step "BENCHMARKS.md written (raw reports in $out)"
cat BENCHMARKS.md
