using System.Diagnostics;

namespace RtcLive.WebRtc.Dtls;

/// <summary>
/// Runs one throw-away DTLS handshake in memory at process start. The first handshake in a fresh process spends
/// 170–440 ms in the JIT and in BouncyCastle's static set-up, long enough for a browser to retransmit its
/// ClientHello two or three times; after a warm-up, handshakes take 8–19 ms. Call it before accepting peers.
/// </summary>
public static class DtlsWarmup
{
    /// <summary>
    /// <see cref="RunAsync"/> for a host's start: a warm-up that fails (on a starved machine its handshake can time
    /// out) costs only the first real handshake's speed, so it is reported and the host starts anyway. Null when it
    /// failed; cancellation of <paramref name="ct"/> still throws.
    /// </summary>
    public static async Task<TimeSpan?> TryRunAsync(Action<Exception> failed, CancellationToken ct = default)
    {
        try
        {
            return await RunAsync(ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            failed(ex);
            return null;
        }
    }

    /// <summary>Performs a client↔server handshake over two in-memory channels and returns how long it took.</summary>
    public static async Task<TimeSpan> RunAsync(CancellationToken ct = default)
    {
        var stopwatch = Stopwatch.StartNew();
        DtlsCertificate clientCertificate = DtlsCertificate.Generate();
        DtlsCertificate serverCertificate = DtlsCertificate.Generate();

        DtlsDatagramChannel? toClient = null;
        DtlsDatagramChannel? toServer = null;
        toServer = new DtlsDatagramChannel(datagram => toClient!.Enqueue(datagram));
        toClient = new DtlsDatagramChannel(datagram => toServer.Enqueue(datagram));

        // Its own limiter: the warm-up must neither take a slot from real peers nor be refused for lack of one.
        var options = new DtlsTransportOptions { Limiter = new DtlsHandshakeLimiter(2) };
        using var server = new DtlsTransport(serverCertificate, toServer, options);
        using var client = new DtlsTransport(clientCertificate, toClient, options);

        Task serverHandshake = server.HandshakeAsync(DtlsRole.Server, DtlsFingerprint.Parse(clientCertificate.Fingerprint), ct);
        Task clientHandshake = client.HandshakeAsync(DtlsRole.Client, DtlsFingerprint.Parse(serverCertificate.Fingerprint), ct);
        await Task.WhenAll(serverHandshake, clientHandshake).ConfigureAwait(false);
        return stopwatch.Elapsed;
    }
}
