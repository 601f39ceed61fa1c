#!/usr/bin/env bash
# Starts RtcLive. `./run.sh` (embedded mode): one process on 127.0.0.1 serving the web client on
# http://127.0.0.1:8080 and media on UDP 50000. Builds what changed first; a second start needs no network.
# Settings come from Signaling/RtcLive.Signaling/appsettings.json, environment variables (RtcLive__Media__Bind=...)
# or arguments passed through (./run.sh --RtcLive:Media:Bind=127.0.0.1:50010).
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
. scripts/lib.sh

mode=embedded
case ${1:-} in
  embedded) shift ;;
  cluster) echo "cluster mode arrives with the cluster issue; run ./run.sh for embedded mode" >&2; exit 2 ;;
esac

ensure_web_client
step "build"
dotnet build Signaling/RtcLive.Signaling -c Release -nologo -clp:ErrorsOnly -v:q
step "start ($mode)"
exec dotnet Signaling/RtcLive.Signaling/bin/Release/net10.0/RtcLive.Signaling.dll \
  --RtcLive:WebClient:Root="$PWD/web-client/dist" "$@"
