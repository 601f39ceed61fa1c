#!/usr/bin/env bash
# Measures the HLS worker's transcode on one core: 20 s of 720p30 VP8 + Opus (a test picture) through the worker's
# encoder settings (x264 veryfast, zerolatency, High@4.0, AAC; the 720p and 360p rungs), pinned to CPU 0.
# Prints ffmpeg's speed (1.0 = realtime) and the CPU seconds used. Usage: scripts/hls-transcode-speed.sh [rungs: 1|2]
set -euo pipefail
rungs=${1:-1}
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
ffmpeg -v error -f lavfi -i testsrc2=size=1280x720:rate=30 -f lavfi -i sine=frequency=440:sample_rate=48000 -t 20 \
  -c:v libvpx -deadline realtime -cpu-used 8 -b:v 2M -g 60 -c:a libopus "$dir/in.webm"
outs=(-map "[v0]" -map 0:a -c:v libx264 -preset veryfast -tune zerolatency -profile:v high -level:v 4.0 \
  -force_key_frames 'expr:gte(t,n_forced*1)' -g 600 -sc_threshold 0 -b:v 2500k -maxrate 2500k -bufsize 2500k \
  -c:a aac -b:a 96k -ar 48000 -ac 2 -f mp4 -movflags frag_keyframe+empty_moov+default_base_moof -frag_duration 249750 "$dir/720.mp4")
graph="[0:v]scale=1280:720[v0]"
if [ "$rungs" = 2 ]; then
  graph="[0:v]split=2[a][b];[a]scale=1280:720[v0];[b]scale=640:360[v1]"
  outs+=(-map "[v1]" -map 0:a -c:v libx264 -preset veryfast -tune zerolatency -profile:v high -level:v 4.0 \
    -force_key_frames 'expr:gte(t,n_forced*1)' -g 600 -sc_threshold 0 -b:v 625k -maxrate 625k -bufsize 625k \
    -c:a aac -b:a 96k -ar 48000 -ac 2 -f mp4 -movflags frag_keyframe+empty_moov+default_base_moof -frag_duration 249750 "$dir/360.mp4")
fi
start=$(date +%s.%N)
/usr/bin/time -f 'cpu %U user + %S system s' taskset -c 0 ffmpeg -hide_banner -nostdin -stats -threads 1 -i "$dir/in.webm" \
  -filter_complex "$graph" "${outs[@]}" 2>&1 | tr '\r' '\n' | grep -E 'speed=|cpu ' | tail -2
echo "wall $(echo "$(date +%s.%N) - $start" | bc) s for 20 s of 720p30 ($rungs rung(s), one core)"
