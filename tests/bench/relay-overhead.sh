#!/usr/bin/env bash
# Relay link overhead, measured: a presenter (the load generator's simulcast publisher, 720p-shaped layers) on eu-1,
# N subscribers placed in region us on us-1, which pulls the room from eu-1 over a relay link. For each N it reads,
# over a 20 s window once media flows, us-1's CPU time (/proc) and its relay and forwarding counters (/metrics).
# Two runs (N=1, N=10) separate the edge's CPU per relayed packet from its CPU per packet forwarded to a subscriber
# (cpu - idle = a * relayed + b * forwarded; idle: the node's CPU over a window with nothing to carry). Bytes on
# the wire per media byte: RTP bytes on the link plus, per packet, the SRTP tag (16, AES-GCM as negotiated) and UDP/IPv4 headers (28), over the RTP payload bytes.
# Runs in a loopback-only network namespace; takes about three minutes.
#   tests/bench/relay-overhead.sh [layer] [rooms]   layer the subscribers ask for: q, h or f (default f); rooms, each
#                                                   with its presenter, N subscribers and its own link (default 4)
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
. scripts/lib.sh
layer=${1:-f}
rooms=${2:-4}
case $layer in q|h|f) ;; *) echo "layer: q, h or f" >&2; exit 2 ;; esac
case $rooms in [1-9]|1[0-9]|20) ;; *) echo "rooms: 1 to 20" >&2; exit 2 ;; esac

if [ "${RTCLIVE_IN_NAMESPACE:-}" != 1 ]; then
  ensure_packages redis-server curl iproute2 util-linux
  if [ "${RTCLIVE_BENCH_NO_BUILD:-}" != 1 ]; then
    dotnet build Signaling/RtcLive.Signaling -c Release -nologo -clp:ErrorsOnly -v:q
    dotnet build Sfu/RtcLive.SfuNode -c Release -nologo -clp:ErrorsOnly -v:q
    dotnet build tests/RtcLive.LoadTest -c Release -nologo -clp:ErrorsOnly -v:q
  fi
  RTCLIVE_IN_NAMESPACE=1 in_loopback_namespace "$0" "$layer" "$rooms"
  exit
fi

logs=$(mktemp -d /tmp/rtclive-relay-overhead.XXXXXX)
token=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
secret=$(head -c 32 /dev/urandom | base64)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT
redis-server --bind 127.0.0.1 --port 6390 --save '' --appendonly no >"$logs/redis.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do redis-cli -p 6390 ping >/dev/null 2>&1 && break; sleep 0.1; done
node() { # id region control-port media-port
  dotnet Sfu/RtcLive.SfuNode/bin/Release/net10.0/RtcLive.SfuNode.dll \
    --Kestrel:Endpoints:Http:Url="http://127.0.0.1:$3" --RtcLive:Media:Bind="127.0.0.1:$4" \
    --RtcLive:Node:Id="$1" --RtcLive:Node:Region="$2" --RtcLive:Node:ControlToken="$token" \
    --RtcLive:Cluster:Redis=127.0.0.1:6390 --Logging:LogLevel:Default=Warning >"$logs/$1.log" 2>&1 &
  pids+=($!)
}
node eu-1 eu 9091 50011
node us-1 us 9093 50013
us_pid=${pids[-1]}
dotnet Signaling/RtcLive.Signaling/bin/Release/net10.0/RtcLive.Signaling.dll \
  --Kestrel:Endpoints:Http:Url="http://127.0.0.1:8080" --RtcLive:Region=eu --RtcLive:Cluster:Redis=127.0.0.1:6390 \
  --RtcLive:Sfu:ControlToken="$token" --RtcLive:Auth:Secret="$secret" --RtcLive:Placement:RegionCosts:eu-us=80 \
  --Logging:LogLevel:Default=Warning >"$logs/signaling.log" 2>&1 &
pids+=($!)
for _ in $(seq 150); do
  [ "$(curl -fs http://127.0.0.1:8080/api/cluster 2>/dev/null | grep -o '"id":"[a-z]*-1"' | wc -l)" -ge 2 ] && break
  sleep 0.2
done

metric() { # name -> value summed over its series on us-1
  curl -fs http://127.0.0.1:9093/metrics | awk -v n="$1" '$1 == n || index($1, n "{") == 1 { s += $2 } END { printf "%.0f", s }'
}
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$us_pid/stat"; }
sample() { echo "$(cpu_ticks) $(metric rtclive_relay_packets_total) $(metric rtclive_rtp_packets_forwarded_total) $(metric rtclive_relay_bytes_total) $(metric rtclive_relay_payload_bytes_total)"; }

hz=$(getconf CLK_TCK)
results=()
# The first round warms the processes up (JIT, first DTLS handshakes) and is not counted.
round=0
for n in 1 1 10; do
  round=$((round + 1))
  dotnet tests/RtcLive.LoadTest/bin/Release/net10.0/rtclive-load.dll --url http://127.0.0.1:8080 --publishers "$rooms" \
    --subscribers "$n" --layer "$layer" --subscriber-region us --warmup 3 --duration 40 --quiet --room-prefix "relay-$round" \
    >"$logs/load-$round.log" 2>&1 &
  load=$!
  start=$(metric rtclive_relay_packets_total)
  for _ in $(seq 300); do [ "$(metric rtclive_relay_packets_total)" -gt "$((start + 500))" ] && break; sleep 0.1; done
  sleep 5
  read -r c0 r0 f0 b0 p0 < <(sample)
  sleep 20
  read -r c1 r1 f1 b1 p1 < <(sample)
  wait "$load" || true
  if [ "$round" = 1 ]; then
    # The node's CPU with nothing to do (heartbeats, timers): subtracted below. The warm-up's link is gone by then.
    sleep 5
    read -r i0 _ < <(sample)
    sleep 20
    read -r i1 _ < <(sample)
    idle=$((i1 - i0))
    continue
  fi
  results+=("$n $((c1 - c0)) $((r1 - r0)) $((f1 - f0)) $((b1 - b0)) $((p1 - p0))")
done

echo "relay link overhead, $rooms rooms, subscribers at layer $layer on us-1, 20 s windows ($(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) vCPU, logs in $logs)"
printf '%s\n' "${results[@]}" | awk -v hz="$hz" -v idle="$idle" '
  BEGIN { printf "  idle us-1 CPU %.2f s (subtracted)\n", idle / hz }
  { n[NR] = $1; cpu[NR] = ($2 - idle) / hz; r[NR] = $3; f[NR] = $4; b[NR] = $5; p[NR] = $6
    printf "  N=%-3d us-1 CPU above idle %.2f s  relayed %d pkt  forwarded %d pkt  link %d RTP bytes, %d payload bytes\n", $1, cpu[NR], $3, $4, $5, $6 }
  END {
    det = r[1] * f[2] - r[2] * f[1]
    if (det != 0) {
      a = (cpu[1] * f[2] - cpu[2] * f[1]) / det; bb = (r[1] * cpu[2] - r[2] * cpu[1]) / det
      printf "  edge CPU per relayed packet (link receive, republish, local receive): %.1f us\n", a * 1e6
      printf "  edge CPU per packet forwarded to a subscriber: %.1f us\n", bb * 1e6
    }
    printf "  edge CPU above idle per relayed packet at N=1 (with its one forward): %.1f us\n", cpu[1] / r[1] * 1e6
    pk = r[1] + r[2]; wire = b[1] + b[2] + pk * (16 + 28)
    printf "  bytes on the wire per media byte: %.3f (RTP headers alone: %.3f)\n", wire / (p[1] + p[2]), (b[1] + b[2]) / (p[1] + p[2])
  }'
