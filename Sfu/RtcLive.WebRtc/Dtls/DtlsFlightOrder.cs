namespace RtcLive.WebRtc.Dtls;

/// <summary>
/// Holds back, during the handshake, the records BouncyCastle would throw away for arriving too early, until what
/// must come before them has been read: a record of a later epoch (the encrypted Finished) until the
/// ChangeCipherSpec, and, on a server (which always asks for the client's certificate, as WebRTC does), the
/// ChangeCipherSpec until the CertificateVerify. A network may reorder a flight — a delay line delivered a client's
/// Certificate, ClientKeyExchange, Finished, ChangeCipherSpec, CertificateVerify — and BouncyCastle drops a Finished
/// it cannot decrypt yet and ignores a ChangeCipherSpec before the message it expects; every retransmission came
/// reordered the same way and the handshake never completed. Held back, the records are read in the order the
/// sender wrote them, whenever they arrive.
/// </summary>
/// <remarks>Reads record headers only (RFC 6347 §4.1: type, version, epoch, sequence, length; the handshake type is the
/// first body byte of an unencrypted handshake record). Not on the media path: used by the channel under its lock.</remarks>
internal sealed class DtlsFlightOrder
{
    private const byte ChangeCipherSpec = 20, Handshake = 22, CertificateVerify = 15;
    private const int RecordHeader = 13;

    private bool _changeCipherSpecRead;
    private bool _certificateVerifyRead;

    /// <summary>The reader is a server that requested the client's certificate: its ChangeCipherSpec waits for the CertificateVerify.</summary>
    public bool ExpectCertificateVerify { get; set; }

    /// <summary>Whether the datagram may be read now, or must wait for a record that belongs before it.</summary>
    public bool MayRead(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < RecordHeader) return true; // not a record: the reader rejects it
        int epoch = datagram[3] << 8 | datagram[4];
        if (epoch > 0) return _changeCipherSpecRead;
        if (datagram[0] == ChangeCipherSpec) return !ExpectCertificateVerify || _certificateVerifyRead;
        return true;
    }

    /// <summary>Notes what a datagram handed to the reader carried.</summary>
    public void Read(ReadOnlySpan<byte> datagram)
    {
        while (datagram.Length >= RecordHeader)
        {
            int epoch = datagram[3] << 8 | datagram[4];
            int length = datagram[11] << 8 | datagram[12];
            if (datagram[0] == ChangeCipherSpec) _changeCipherSpecRead = true;
            else if (datagram[0] == Handshake && epoch == 0 && length > 0 && datagram.Length > RecordHeader && datagram[RecordHeader] == CertificateVerify)
                _certificateVerifyRead = true;
            if (datagram.Length < RecordHeader + length) return;
            datagram = datagram[(RecordHeader + length)..];
        }
    }
}
