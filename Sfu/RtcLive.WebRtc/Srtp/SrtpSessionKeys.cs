namespace RtcLive.WebRtc.Srtp;

/// <summary>
/// The session keys of one packet kind (SRTP or SRTCP) of one direction, derived from the master key and salt.
/// </summary>
/// <param name="EncryptionKey">Session encryption key (16 bytes for AES-128).</param>
/// <param name="AuthenticationKey">HMAC-SHA1 key (20 bytes) for AES-CM profiles; empty for AEAD GCM, whose tag needs no separate key.</param>
/// <param name="Salt">Session salt: 14 bytes for AES-CM, 12 for AEAD GCM (RFC 7714 §11).</param>
public sealed record SrtpSessionKeys(byte[] EncryptionKey, byte[] AuthenticationKey, byte[] Salt);
