namespace RtcLive.WebRtc.Srtp;

/// <summary>
/// Master keys and salts for both directions, as exported from a DTLS-SRTP handshake
/// (RFC 5764 §4.2: client key | server key | client salt | server salt).
/// </summary>
public sealed class SrtpKeyingMaterial
{
    public SrtpKeyingMaterial(SrtpProfile profile, byte[] clientKey, byte[] clientSalt, byte[] serverKey, byte[] serverSalt)
    {
        Profile = profile;
        ClientKey = clientKey;
        ClientSalt = clientSalt;
        ServerKey = serverKey;
        ServerSalt = serverSalt;
    }

    public SrtpProfile Profile { get; }
    public byte[] ClientKey { get; }
    public byte[] ClientSalt { get; }
    public byte[] ServerKey { get; }
    public byte[] ServerSalt { get; }

    /// <summary>Splits exported keying material laid out as RFC 5764 §4.2 describes.</summary>
    public static SrtpKeyingMaterial FromExport(SrtpProfile profile, ReadOnlySpan<byte> exported)
    {
        int k = SrtpProfileInfo.KeyLength(profile);
        int s = SrtpProfileInfo.SaltLength(profile);
        if (exported.Length < 2 * (k + s))
            throw new ArgumentException($"keying material is {exported.Length} bytes, {2 * (k + s)} needed", nameof(exported));
        return new SrtpKeyingMaterial(
            profile,
            exported.Slice(0, k).ToArray(),
            exported.Slice(2 * k, s).ToArray(),
            exported.Slice(k, k).ToArray(),
            exported.Slice(2 * k + s, s).ToArray());
    }

    /// <summary>Key and salt this side encrypts with: the DTLS client sends with the client half.</summary>
    public (byte[] Key, byte[] Salt) LocalKeys(bool isDtlsClient) => isDtlsClient ? (ClientKey, ClientSalt) : (ServerKey, ServerSalt);

    /// <summary>Key and salt the remote side encrypts with, which this side decrypts with.</summary>
    public (byte[] Key, byte[] Salt) RemoteKeys(bool isDtlsClient) => isDtlsClient ? (ServerKey, ServerSalt) : (ClientKey, ClientSalt);
}
