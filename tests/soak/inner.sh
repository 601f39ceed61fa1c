#!/usr/bin/env bash
# Runs inside the loopback-only namespace (tests/soak/run.sh): starts embedded RtcLive, soaks it, checks its log.
set -uo pipefail
minutes=$1 subscribers=$2 churn=$3 out=$4
. scripts/lib.sh
env "${sfu_gc_env[@]}" dotnet Signaling/RtcLive.Signaling/bin/Release/net10.0/RtcLive.Signaling.dll \
  --Kestrel:Endpoints:Http:Url=http://127.0.0.1:18090 --RtcLive:Media:Bind=127.0.0.1:50200 \
  --RtcLive:Auth:DevTokens=true --RtcLive:RateLimits:JoinPermits=100000 --RtcLive:Hub:CallsPerSecond=1000 \
  --RtcLive:Logging:Json=true > "$out/rtclive.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null' EXIT
for _ in $(seq 1 100); do curl -sf http://127.0.0.1:18090/readyz >/dev/null && break; sleep 0.2; done

seconds=$(awk "BEGIN { print $minutes * 60 }")
# Slopes count from the end of the warm-up (a fifth of the run, at most 5 min): heaps and pools grow to their working size first.
warmup=$(awk "BEGIN { m = $seconds / 5; print (m < 300 ? m : 300) }")
dotnet tests/RtcLive.LoadTest/bin/Release/net10.0/rtclive-load.dll --target rtclive --url http://127.0.0.1:18090 \
  --soak --subscribers "$subscribers" --churn "$churn" --warmup "$warmup" --duration "$seconds" --sfu-pid "$server" \
  --json-file "$out/soak.json"
rc=$?

# Errors the server logged (ECS JSON lines): none may appear in a healthy soak.
errors=$(grep -cE '"log.level":"(error|critical)"' "$out/rtclive.log" || true)
warnings=$(grep -cE '"log.level":"warning"' "$out/rtclive.log" || true)
echo "server log: $errors error line(s), $warnings warning line(s) ($out/rtclive.log)"
if [ "$errors" -gt 0 ]; then
  grep -E '"log.level":"(error|critical)"' "$out/rtclive.log" | head -5
  rc=5
fi
exit $rc
