namespace RtcLive.WebRtc.Srtp;

/// <summary>
/// Key derivation labels (RFC 3711 §4.3.1 and §4.3.2): each session key, auth key and salt
/// is the master key's AES-CM keystream under a different label, so RTP and RTCP never share a key.
/// </summary>
public enum SrtpKeyLabel : byte
{
    RtpEncryption = 0x00,
    RtpAuthentication = 0x01,
    RtpSalt = 0x02,
    RtcpEncryption = 0x03,
    RtcpAuthentication = 0x04,
    RtcpSalt = 0x05,
}
