# RtcLive signaling: the SignalR hub, WHIP/WHEP, tokens, placement, the admin API and the web client.
# Build from the repository root:  docker build -f deploy/signaling.Dockerfile -t rtclive/signaling .
# Ports: 8080 HTTP (Kestrel:Endpoints:Http:Url), 50000/udp media of the embedded node (RtcLive:Media:Bind; unused
# in cluster mode, where SFU nodes carry the media).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Project files first, so the restore layer is cached until a dependency changes.
COPY Directory.Build.props ./
COPY Sfu/RtcLive.WebRtc/RtcLive.WebRtc.csproj Sfu/RtcLive.WebRtc/
COPY Sfu/RtcLive.Sfu/RtcLive.Sfu.csproj Sfu/RtcLive.Sfu/
COPY Relay/RtcLive.Cluster/RtcLive.Cluster.csproj Relay/RtcLive.Cluster/
COPY Relay/RtcLive.Relay/RtcLive.Relay.csproj Relay/RtcLive.Relay/
COPY Relay/RtcLive.Hls/RtcLive.Hls.csproj Relay/RtcLive.Hls/
COPY Signaling/RtcLive.Signaling/RtcLive.Signaling.csproj Signaling/RtcLive.Signaling/
RUN dotnet restore Signaling/RtcLive.Signaling/RtcLive.Signaling.csproj
COPY Sfu/RtcLive.WebRtc/ Sfu/RtcLive.WebRtc/
COPY Sfu/RtcLive.Sfu/ Sfu/RtcLive.Sfu/
COPY Relay/RtcLive.Cluster/ Relay/RtcLive.Cluster/
COPY Relay/RtcLive.Relay/ Relay/RtcLive.Relay/
COPY Relay/RtcLive.Hls/ Relay/RtcLive.Hls/
COPY Signaling/RtcLive.Signaling/ Signaling/RtcLive.Signaling/
RUN dotnet publish Signaling/RtcLive.Signaling/RtcLive.Signaling.csproj -c Release -o /app --no-restore

FROM node:20-bookworm-slim AS web
WORKDIR /web
COPY web-client/package.json web-client/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY web-client/ ./
RUN npm run build

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
COPY --from=web /web/dist ./wwwroot
# Listen on every interface inside the container; JSON logs with ECS fields for the log shipper.
ENV Kestrel__Endpoints__Http__Url=http://0.0.0.0:8080 \
    RtcLive__Media__Bind=0.0.0.0:50000 \
    RtcLive__WebClient__Root=/app/wwwroot \
    RtcLive__Logging__Json=true \
    RtcLive__Logging__Service=rtclive-signaling \
    DOTNET_gcServer=0 \
    DOTNET_GCgen0size=0x1000000
EXPOSE 8080 50000/udp 50000/tcp
# The image has no curl: bash's /dev/tcp asks /healthz.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /healthz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n1 <&3 | grep -q ' 200 '"]
USER app
ENTRYPOINT ["dotnet", "RtcLive.Signaling.dll"]
