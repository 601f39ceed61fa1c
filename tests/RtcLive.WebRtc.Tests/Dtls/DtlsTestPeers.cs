using RtcLive.WebRtc.Dtls;
using RtcLive.WebRtc.Srtp;

namespace RtcLive.WebRtc.Tests.Dtls;

/// <summary>A DTLS client and server transport over one <see cref="InMemoryDtlsLink"/>, with fresh certificates.</summary>
internal sealed class DtlsTestPeers : IDisposable
{
    /// <summary>Upper bound for any await in these tests, so a bug shows as a failure instead of a hung run.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    // Certificate generation costs a few milliseconds; the tests do not care which certificate they get.
    private static readonly Lazy<DtlsCertificate> SharedClientCertificate = new(() => DtlsCertificate.Generate());
    private static readonly Lazy<DtlsCertificate> SharedServerCertificate = new(() => DtlsCertificate.Generate());

    public DtlsTestPeers(DtlsTransportOptions? clientOptions = null, DtlsTransportOptions? serverOptions = null)
    {
        Link = new InMemoryDtlsLink();
        ClientCertificate = SharedClientCertificate.Value;
        ServerCertificate = SharedServerCertificate.Value;
        Client = new DtlsTransport(ClientCertificate, Link.ClientChannel, clientOptions ?? Options());
        Server = new DtlsTransport(ServerCertificate, Link.ServerChannel, serverOptions ?? Options());
    }

    public InMemoryDtlsLink Link { get; }
    public DtlsCertificate ClientCertificate { get; }
    public DtlsCertificate ServerCertificate { get; }
    public DtlsTransport Client { get; }
    public DtlsTransport Server { get; }

    /// <summary>Options for tests: a private limiter so parallel test classes never starve each other.</summary>
    public static DtlsTransportOptions Options(params SrtpProfile[] profiles) => new()
    {
        Limiter = new DtlsHandshakeLimiter(8),
        SrtpProfiles = profiles.Length > 0 ? profiles : [SrtpProfile.AeadAes128Gcm, SrtpProfile.AesCm128HmacSha1_80],
    };

    public Task<SrtpKeyingMaterial> StartServer(DtlsFingerprint? expectedClient = null) =>
        Server.HandshakeAsync(DtlsRole.Server, expectedClient ?? DtlsFingerprint.Parse(ClientCertificate.Fingerprint));

    public Task<SrtpKeyingMaterial> StartClient(DtlsFingerprint? expectedServer = null) =>
        Client.HandshakeAsync(DtlsRole.Client, expectedServer ?? DtlsFingerprint.Parse(ServerCertificate.Fingerprint));

    /// <summary>Runs both handshakes to completion and returns (client keys, server keys).</summary>
    public async Task<(SrtpKeyingMaterial Client, SrtpKeyingMaterial Server)> HandshakeAsync()
    {
        Task<SrtpKeyingMaterial> server = StartServer();
        Task<SrtpKeyingMaterial> client = StartClient();
        return (await client.WaitAsync(Patience), await server.WaitAsync(Patience));
    }

    /// <summary>A fingerprint that matches neither certificate.</summary>
    public static DtlsFingerprint WrongFingerprint() => DtlsFingerprint.Sha256Of([1, 2, 3]);

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
    }
}
