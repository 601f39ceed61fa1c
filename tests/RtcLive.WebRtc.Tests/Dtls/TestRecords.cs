namespace RtcLive.WebRtc.Tests.Dtls;

/// <summary>Hand-built DTLS records for tests that need well-formed datagrams without a handshake.</summary>
internal static class TestRecords
{
    /// <summary>A DTLS record: type, version {254, minor}, epoch, sequence number, and a body of <paramref name="fill"/> bytes.</summary>
    public static byte[] Record(byte type, int epoch, int bodyLength, byte minor = 0xFD, byte fill = 0, int sequence = 1)
    {
        var record = new byte[13 + bodyLength];
        record[0] = type;
        record[1] = 0xFE;
        record[2] = minor;
        record[3] = (byte)(epoch >> 8);
        record[4] = (byte)epoch;
        record[7] = (byte)(sequence >> 24);
        record[8] = (byte)(sequence >> 16);
        record[9] = (byte)(sequence >> 8);
        record[10] = (byte)sequence;
        record[11] = (byte)(bodyLength >> 8);
        record[12] = (byte)bodyLength;
        record.AsSpan(13).Fill(fill);
        return record;
    }

    /// <summary>A plaintext handshake record (epoch 0) whose body is <paramref name="bodyLength"/> copies of <paramref name="fill"/>.</summary>
    public static byte[] Handshake(int bodyLength, byte fill = 0) => Record(22, 0, bodyLength, fill: fill);
}
