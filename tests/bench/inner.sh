#!/usr/bin/env bash
# Runs inside the loopback-only namespace (tests/bench/run.sh): starts each SFU, runs a load against it, stops it.
# Arguments: mode (full|smoke), output folder for the JSON reports.
set -uo pipefail
mode=$1 out=$2
. scripts/lib.sh
load=(dotnet tests/RtcLive.LoadTest/bin/Release/net10.0/rtclive-load.dll)
server_pid=

# Janus skips loopback interfaces when gathering: give it a veth whose only address is 127.0.0.2 (see janus.jcfg).
ip link add jl0 type veth peer name jl1 && ip addr add 127.0.0.2/32 dev jl0 && ip link set jl0 up && ip link set jl1 up
sysctl -qw net.ipv6.conf.all.disable_ipv6=1 2>/dev/null || true

rtclive_extra=()
start_rtclive() {
  env "${sfu_gc_env[@]}" dotnet Signaling/RtcLive.Signaling/bin/Release/net10.0/RtcLive.Signaling.dll "${rtclive_extra[@]}" \
    --Kestrel:Endpoints:Http:Url=http://127.0.0.1:18080 --RtcLive:Media:Bind=127.0.0.1:50100 \
    --RtcLive:Auth:DevTokens=true --RtcLive:RateLimits:JoinPermits=100000 --RtcLive:Hub:CallsPerSecond=1000 \
    --RtcLive:Hub:MaxConnectionsPerAddress=100000 --RtcLive:Sfu:Limits:MaxHandshakesPerAddress=32 \
    --Logging:LogLevel:Default=Warning > "$out/rtclive.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do curl -sf http://127.0.0.1:18080/readyz >/dev/null && return 0; sleep 0.2; done
  echo "RtcLive did not become ready" >&2; return 1
}

start_janus() {
  janus -C tests/bench/janus/janus.jcfg -F tests/bench/janus -o > "$out/janus.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do
    curl -sf -X POST -d '{"janus":"info","transaction":"ready"}' http://127.0.0.1:18088/janus >/dev/null && return 0; sleep 0.2
  done
  echo "Janus did not become ready" >&2; return 1
}

stop_server() {
  [ -n "$server_pid" ] || return 0
  kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; server_pid=
}

# run NAME TARGET ARGS...: one load against one SFU, started fresh for it.
run() {
  local name=$1 target=$2; shift 2
  echo "== $name against $target"
  if [ "$target" = janus ]; then
    start_janus || return 0
    timeout 400 "${load[@]}" --target janus --url http://127.0.0.1:18088/janus --local-address 127.0.0.2 \
      --sfu-pid "$server_pid" --json-file "$out/$name.janus.json" "$@"
  else
    start_rtclive || return 0
    timeout 400 "${load[@]}" --target rtclive --url http://127.0.0.1:18080 \
      --sfu-pid "$server_pid" --json-file "$out/$name.rtclive.json" "$@"
  fi
  local rc=$?
  stop_server
  return $rc
}

both() { # NAME ARGS...: the same load against RtcLive, then Janus
  local name=$1; shift
  echo "$name" >> "$out/loads.txt"
  run "$name" rtclive "$@"; local a=$?
  run "$name" janus "$@"; local b=$?
  [ $a -eq 0 ] && [ $b -eq 0 ]
}

common=(--warmup 3 --duration 10 --quiet)
if [ "$mode" = smoke ]; then
  both smoke --publishers 1 --subscribers 5 --warmup 2 --duration 4 --quiet --fail-above-loss 0.02
  exit $?
fi
if [ "$mode" = sendbatch ]; then
  # RtcLive alone, 1 publisher to 200 subscribers, sends one sendto each (1) and sendmmsg batches (32) in turn,
  # RTCLIVE_SENDBATCH_RUNS times each (5), so that the machine's drift falls on both alike.
  for i in $(seq 1 "${RTCLIVE_SENDBATCH_RUNS:-5}"); do
    for b in 1 32; do
      rtclive_extra=(--RtcLive:Media:SendBatch=$b)
      run "sendbatch-$b-$i" rtclive --publishers 1 --subscribers 200 "${common[@]}"
    done
  done
  exit 0
fi
both 1x50 --publishers 1 --subscribers 50 "${common[@]}"
both 1x100 --publishers 1 --subscribers 100 "${common[@]}"
both 1x200 --publishers 1 --subscribers 200 "${common[@]}"
both 10x10 --publishers 10 --subscribers 10 "${common[@]}"
both ramp --ramp --ramp-start 100 --ramp-step 100 --ramp-max 1000 --ramp-window 4 --time-limit 300 --quiet
exit 0
