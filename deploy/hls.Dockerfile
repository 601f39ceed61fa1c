# RtcLive HLS worker (cluster mode): pulls rooms from the SFU nodes, transcodes them with ffmpeg to LL-HLS, serves
# /hls/{room}/index.m3u8 (behind the nginx edge cache), /metrics, /healthz, /readyz.
# Build from the repository root:  docker build -f deploy/hls.Dockerfile -t rtclive/hls .
# Port: 8090 HTTP (Kestrel:Endpoints:Http:Url). Media from the SFU nodes arrives on ephemeral UDP ports of
# RtcLive__HlsWorker__MediaAddress (the container's own address: the nodes answer where the worker's checks come from).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props ./
COPY Sfu/RtcLive.WebRtc/RtcLive.WebRtc.csproj Sfu/RtcLive.WebRtc/
COPY Sfu/RtcLive.Sfu/RtcLive.Sfu.csproj Sfu/RtcLive.Sfu/
COPY Relay/RtcLive.Cluster/RtcLive.Cluster.csproj Relay/RtcLive.Cluster/
COPY Relay/RtcLive.Relay/RtcLive.Relay.csproj Relay/RtcLive.Relay/
COPY Relay/RtcLive.Hls/RtcLive.Hls.csproj Relay/RtcLive.Hls/
COPY Relay/RtcLive.Hls.Worker/RtcLive.Hls.Worker.csproj Relay/RtcLive.Hls.Worker/
RUN dotnet restore Relay/RtcLive.Hls.Worker/RtcLive.Hls.Worker.csproj
COPY Sfu/RtcLive.WebRtc/ Sfu/RtcLive.WebRtc/
COPY Sfu/RtcLive.Sfu/ Sfu/RtcLive.Sfu/
COPY Relay/RtcLive.Cluster/ Relay/RtcLive.Cluster/
COPY Relay/RtcLive.Relay/ Relay/RtcLive.Relay/
COPY Relay/RtcLive.Hls/ Relay/RtcLive.Hls/
COPY Relay/RtcLive.Hls.Worker/ Relay/RtcLive.Hls.Worker/
RUN dotnet publish Relay/RtcLive.Hls.Worker/RtcLive.Hls.Worker.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# The worker starts and supervises ffmpeg (libx264, AAC); without it the worker refuses to start.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
ENV Kestrel__Endpoints__Http__Url=http://0.0.0.0:8090 \
    RtcLive__Hls__Directory=/tmp/rtclive-hls \
    RtcLive__Logging__Json=true \
    RtcLive__Logging__Service=rtclive-hls \
    DOTNET_gcServer=0
EXPOSE 8090
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8090 && printf 'GET /healthz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n1 <&3 | grep -q ' 200 '"]
USER app
ENTRYPOINT ["dotnet", "RtcLive.Hls.Worker.dll"]
