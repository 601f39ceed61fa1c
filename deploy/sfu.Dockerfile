# RtcLive SFU node: media on one UDP port, the control API for signaling, /metrics, /healthz, /readyz.
# Build from the repository root:  docker build -f deploy/sfu.Dockerfile -t rtclive/sfu .
# Ports: 9090 HTTP control API and metrics (Kestrel:Endpoints:Http:Url), 50010/udp media (RtcLive:Media:Bind) and
# 50010/tcp ICE-TCP for clients whose network blocks UDP (RtcLive:Media:Tcp; the same number as the UDP port by default).
# The operator CLI (rtclive) ships in /app/cli: Kubernetes' preStop hook drains the node with it.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props ./
COPY Sfu/RtcLive.WebRtc/RtcLive.WebRtc.csproj Sfu/RtcLive.WebRtc/
COPY Sfu/RtcLive.Sfu/RtcLive.Sfu.csproj Sfu/RtcLive.Sfu/
COPY Relay/RtcLive.Cluster/RtcLive.Cluster.csproj Relay/RtcLive.Cluster/
COPY Relay/RtcLive.Relay/RtcLive.Relay.csproj Relay/RtcLive.Relay/
COPY Sfu/RtcLive.SfuNode/RtcLive.SfuNode.csproj Sfu/RtcLive.SfuNode/
COPY Signaling/RtcLive.Cli/RtcLive.Cli.csproj Signaling/RtcLive.Cli/
RUN dotnet restore Sfu/RtcLive.SfuNode/RtcLive.SfuNode.csproj && dotnet restore Signaling/RtcLive.Cli/RtcLive.Cli.csproj
COPY Sfu/RtcLive.WebRtc/ Sfu/RtcLive.WebRtc/
COPY Sfu/RtcLive.Sfu/ Sfu/RtcLive.Sfu/
COPY Relay/RtcLive.Cluster/ Relay/RtcLive.Cluster/
COPY Relay/RtcLive.Relay/ Relay/RtcLive.Relay/
COPY Sfu/RtcLive.SfuNode/ Sfu/RtcLive.SfuNode/
COPY Signaling/RtcLive.Cli/ Signaling/RtcLive.Cli/
RUN dotnet publish Sfu/RtcLive.SfuNode/RtcLive.SfuNode.csproj -c Release -o /app --no-restore \
 && dotnet publish Signaling/RtcLive.Cli/RtcLive.Cli.csproj -c Release -o /app/cli --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# Every interface inside the container; the media port is the same inside and outside (ICE candidates carry it),
# and RtcLive__Media__AnnouncedAddress must name the address clients reach.
ENV Kestrel__Endpoints__Http__Url=http://0.0.0.0:9090 \
    RtcLive__Media__Bind=0.0.0.0:50010 \
    RtcLive__Logging__Json=true \
    RtcLive__Logging__Service=rtclive-sfu \
    DOTNET_gcServer=0 \
    DOTNET_GCgen0size=0x1000000
EXPOSE 9090 50010/udp 50010/tcp
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/9090 && printf 'GET /healthz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n1 <&3 | grep -q ' 200 '"]
USER app
ENTRYPOINT ["dotnet", "RtcLive.SfuNode.dll"]
