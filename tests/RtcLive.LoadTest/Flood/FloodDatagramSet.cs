using System.Security.Cryptography;
using System.Text;
using RtcLive.WebRtc.Dtls;
using RtcLive.WebRtc.Stun;

namespace RtcLive.LoadTest.Flood;

/// <summary>
/// Datagrams a flood cycles through, built once before it starts so that sending costs nothing but the send: random
/// bytes, STUN checks that fail authentication, genuine DTLS ClientHello flights.
/// </summary>
public sealed class FloodDatagramSet(string kind, IReadOnlyList<byte[]> datagrams)
{
    public string Kind { get; } = kind;

    public IReadOnlyList<byte[]> Datagrams { get; } = datagrams;

    /// <summary>Random lengths (1–1200 bytes) and contents; every first byte occurs, so every demultiplexer branch is hit.</summary>
    public static FloodDatagramSet Random(int seed, int count = 512)
    {
        var random = new Random(seed);
        var datagrams = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            datagrams[i] = new byte[random.Next(1, 1201)];
            random.NextBytes(datagrams[i]);
            datagrams[i][0] = (byte)i; // first bytes 0–255 in turn: STUN, DTLS, RTP/RTCP ranges and the rest
        }
        return new FloodDatagramSet("random", datagrams);
    }

    /// <summary>
    /// Binding requests shaped like real checks (USERNAME, PRIORITY, USE-CANDIDATE, ICE-CONTROLLING, FINGERPRINT) whose
    /// MESSAGE-INTEGRITY uses a wrong password. With <paramref name="serverUfrag"/> (a session's ufrag, as an attacker who
    /// read an SDP would know it) they reach that session and fail its credentials; without, a random ufrag that names
    /// no session.
    /// </summary>
    public static FloodDatagramSet StunChecks(string? serverUfrag, int count = 256)
    {
        var datagrams = new byte[count][];
        Span<byte> buffer = stackalloc byte[512];
        Span<byte> transaction = stackalloc byte[StunMessage.TransactionIdLength];
        for (int i = 0; i < count; i++)
        {
            StunMessage.NewTransactionId(transaction);
            var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, transaction);
            string local = serverUfrag ?? Convert.ToHexString(RandomNumberGenerator.GetBytes(4));
            writer.WriteUsername(Encoding.ASCII.GetBytes($"{local}:fl{i:x4}"));
            writer.WritePriority(0x6E7F1EFF);
            writer.WriteUseCandidate();
            writer.WriteIceControlling((ulong)i);
            writer.WriteMessageIntegrity(RandomNumberGenerator.GetBytes(22));
            writer.WriteFingerprint();
            datagrams[i] = writer.Written.ToArray();
        }
        return new FloodDatagramSet(serverUfrag is null ? "stun" : "stun-known-ufrag", datagrams);
    }

    /// <summary>
    /// Genuine DTLS 1.2 ClientHellos (use_srtp, ECDHE-ECDSA suites, as our client peer sends them), each from a fresh
    /// handshake so randoms and session ids differ. A flight split over several datagrams contributes each of them.
    /// </summary>
    public static async Task<FloodDatagramSet> ClientHellosAsync(int count = 16, CancellationToken ct = default)
    {
        var certificate = DtlsCertificate.Generate();
        var datagrams = new List<byte[]>();
        for (int i = 0; i < count; i++)
        {
            var flight = new List<byte[]>();
            var captured = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var channel = new DtlsDatagramChannel(datagram =>
            {
                lock (flight) flight.Add(datagram.ToArray());
                captured.TrySetResult();
            });
            var options = new DtlsTransportOptions { Limiter = new DtlsHandshakeLimiter(1), HandshakeTimeout = TimeSpan.FromSeconds(5) };
            using var client = new DtlsTransport(certificate, channel, options);
            var handshake = client.HandshakeAsync(DtlsRole.Client, DtlsFingerprint.Parse(certificate.Fingerprint), ct);
            await captured.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
            await Task.Delay(20, ct); // the rest of a fragmented flight leaves at once
            client.Close();
            try
            {
                await handshake;
            }
            catch (DtlsHandshakeException)
            {
                // Closed on purpose: only the first flight was wanted.
            }
            lock (flight) datagrams.AddRange(flight.Count > 0 ? flight : []);
        }
        return new FloodDatagramSet("dtls", datagrams);
    }
}
