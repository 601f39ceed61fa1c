#!/usr/bin/env bash
# Full micro-benchmark run (BenchmarkDotNet, several minutes). Pass BenchmarkDotNet arguments to narrow it,
# e.g. ./bench.sh --filter '*Srtp*'. Results land in BenchmarkDotNet.Artifacts/.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build tests/RtcLive.Benchmarks -c Release -nologo -clp:ErrorsOnly -v:q
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(--filter '*')
exec dotnet tests/RtcLive.Benchmarks/bin/Release/net10.0/RtcLive.Benchmarks.dll "${args[@]}"
