#!/usr/bin/env bash
# Starts RtcLive.
#   ./run.sh            embedded mode: one process on 127.0.0.1 serving the web client on http://127.0.0.1:8080 and
#                       media on UDP 50000.
#   ./run.sh cluster    a local cluster for testers and operators: redis-server on 6390, SFU nodes eu-1, eu-2 (region eu)
#                       and us-1 (region us) each its own process, signaling on 8080 (region eu) and 8081 (region us),
#                       and the HLS worker hls-eu on 8090 (pulls rooms from the nodes for HLS viewers).
#                       Ctrl-C stops them all.
# Builds what changed first; a second start needs no network. Settings come from the appsettings.json files,
# environment variables (RtcLive__Media__Bind=...) or arguments passed through in embedded mode
# (./run.sh --RtcLive:Media:Bind=127.0.0.1:50010).
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
. scripts/lib.sh

mode=embedded
case ${1:-} in
  embedded) shift ;;
  cluster) mode=cluster; shift ;;
esac

ensure_web_client
if [ "$mode" = embedded ]; then
  step "build"
  dotnet build Signaling/RtcLive.Signaling -c Release -nologo -clp:ErrorsOnly -v:q
  step "start ($mode)"
  exec env "${sfu_gc_env[@]}" dotnet Signaling/RtcLive.Signaling/bin/Release/net10.0/RtcLive.Signaling.dll \
    --RtcLive:WebClient:Root="$PWD/web-client/dist" "$@"
fi

ensure_packages redis-server curl ffmpeg
step "build"
dotnet build Signaling/RtcLive.Signaling -c Release -nologo -clp:ErrorsOnly -v:q
dotnet build Sfu/RtcLive.SfuNode -c Release -nologo -clp:ErrorsOnly -v:q
dotnet build Relay/RtcLive.Hls.Worker -c Release -nologo -clp:ErrorsOnly -v:q

logs=$(mktemp -d /tmp/rtclive-cluster.XXXXXX)
token=${RTCLIVE_CONTROL_TOKEN:-$(head -c 24 /dev/urandom | base64 | tr -d '/+=')}
secret=${RTCLIVE_AUTH_SECRET:-$(head -c 32 /dev/urandom | base64)}
pids=()
stopping=0
stop_all() {
  trap - INT TERM EXIT
  stopping=1
  step "stopping"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  redis-cli -p 6390 shutdown nosave >/dev/null 2>&1 || true
}
trap stop_all INT TERM EXIT

step "start (cluster): logs in $logs"
redis-server --bind 127.0.0.1 --port 6390 --save '' --appendonly no >"$logs/redis.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do redis-cli -p 6390 ping >/dev/null 2>&1 && break; sleep 0.1; done

node() { # id region control-port media-port
  env "${sfu_gc_env[@]}" dotnet Sfu/RtcLive.SfuNode/bin/Release/net10.0/RtcLive.SfuNode.dll \
    --Kestrel:Endpoints:Http:Url="http://127.0.0.1:$3" --RtcLive:Media:Bind="127.0.0.1:$4" \
    --RtcLive:Node:Id="$1" --RtcLive:Node:Region="$2" --RtcLive:Node:ControlToken="$token" \
    --RtcLive:Cluster:Redis=127.0.0.1:6390 >"$logs/$1.log" 2>&1 &
  pids+=($!)
}
signaling() { # port region
  env "${sfu_gc_env[@]}" dotnet Signaling/RtcLive.Signaling/bin/Release/net10.0/RtcLive.Signaling.dll \
    --Kestrel:Endpoints:Http:Url="http://127.0.0.1:$1" --RtcLive:Region="$2" --RtcLive:Cluster:Redis=127.0.0.1:6390 \
    --RtcLive:Sfu:ControlToken="$token" --RtcLive:Auth:Secret="$secret" --RtcLive:Placement:RegionCosts:eu-us=80 \
    --RtcLive:WebClient:Root="$PWD/web-client/dist" >"$logs/signaling-$1.log" 2>&1 &
  pids+=($!)
}
hls_worker() { # id region port
  dotnet Relay/RtcLive.Hls.Worker/bin/Release/net10.0/RtcLive.Hls.Worker.dll \
    --Kestrel:Endpoints:Http:Url="http://127.0.0.1:$3" --RtcLive:HlsWorker:Id="$1" --RtcLive:HlsWorker:Region="$2" \
    --RtcLive:HlsWorker:ControlToken="$token" --RtcLive:Cluster:Redis=127.0.0.1:6390 >"$logs/$1.log" 2>&1 &
  pids+=($!)
}
node eu-1 eu 9091 50011
node eu-2 eu 9092 50012
node us-1 us 9093 50013
hls_worker hls-eu eu 8090
signaling 8080 eu
signaling 8081 us

for _ in $(seq 100); do
  curl -fs http://127.0.0.1:8080/readyz >/dev/null 2>&1 && curl -fs http://127.0.0.1:8081/readyz >/dev/null 2>&1 \
    && curl -fs http://127.0.0.1:8090/readyz >/dev/null 2>&1 && break
  sleep 0.2
done
cat <<INFO

RtcLive cluster on 127.0.0.1 (Ctrl-C stops everything):
  redis           127.0.0.1:6390
  SFU node eu-1   control http://127.0.0.1:9091   media udp 127.0.0.1:50011   region eu
  SFU node eu-2   control http://127.0.0.1:9092   media udp 127.0.0.1:50012   region eu
  SFU node us-1   control http://127.0.0.1:9093   media udp 127.0.0.1:50013   region us
  HLS worker      http://127.0.0.1:8090/hls/{room}/index.m3u8   region eu (signaling sends HLS viewers here)
  signaling       http://127.0.0.1:8080/  (region eu)
  signaling       http://127.0.0.1:8081/  (region us; a page's region= wins)
  cluster view    http://127.0.0.1:8080/api/cluster
  logs            $logs
A room spans nodes and regions: nodes pull what they need from each other over relay links.
INFO
wait -n "${pids[@]}" || true
[ "$stopping" = 1 ] || echo "a process of the cluster exited; see $logs" >&2
