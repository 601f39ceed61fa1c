using Org.BouncyCastle.Tls;
using RtcLive.WebRtc.Dtls;
using RtcLive.WebRtc.Tests.Fuzzing;
using Xunit.Abstractions;

namespace RtcLive.WebRtc.Tests.Dtls;

public sealed class DtlsRecordFilterTests(ITestOutputHelper output)
{
    private static readonly DtlsRecordFilter Gcm =
        DtlsRecordFilter.ForCipherSuite(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, encryptThenMac: false);

    private static byte[] Record(byte type, int epoch, int bodyLength, byte minor = 0xFD) =>
        TestRecords.Record(type, epoch, bodyLength, minor);

    [Fact]
    public async Task Admits_every_datagram_of_a_real_handshake()
    {
        using var peers = new DtlsTestPeers();
        await peers.HandshakeAsync();
        foreach (byte[] datagram in peers.Link.ClientToServer.Concat(peers.Link.ServerToClient))
            Assert.True(Gcm.Admits(datagram), Convert.ToHexString(datagram));
        Assert.Equal(0, peers.Link.ServerChannel.RejectedDatagrams);
        Assert.Equal(0, peers.Link.ClientChannel.RejectedDatagrams);
    }

    [Theory]
    [InlineData(0xFD, true)]  // DTLS 1.2
    [InlineData(0xFF, true)]  // DTLS 1.0, allowed in a ClientHello's record header
    [InlineData(0xFE, false)] // reserved: BouncyCastle's parser throws on it
    [InlineData(0xFC, false)] // DTLS 1.3, not spoken here
    public void Screens_record_versions(byte minor, bool admitted)
    {
        Assert.Equal(admitted, DtlsRecordFilter.HeadersOnly.Admits(Record(22, 0, 40, minor)));
    }

    [Theory]
    [InlineData(19, false)]
    [InlineData(20, true)]
    [InlineData(21, true)]
    [InlineData(22, true)]
    [InlineData(23, true)]
    [InlineData(24, true)]
    [InlineData(25, false)] // tls12_cid: connection IDs are never negotiated
    public void Screens_content_types(byte type, bool admitted)
    {
        Assert.Equal(admitted, DtlsRecordFilter.HeadersOnly.Admits(Record(type, 0, 2)));
    }

    [Fact]
    public void Rejects_truncated_and_empty_datagrams()
    {
        byte[] record = Record(22, 0, 40);
        Assert.False(DtlsRecordFilter.HeadersOnly.Admits([]));
        Assert.False(DtlsRecordFilter.HeadersOnly.Admits(record.AsSpan(0, 12)));
        Assert.False(DtlsRecordFilter.HeadersOnly.Admits(record.AsSpan(0, record.Length - 1)));
    }

    [Fact]
    public void Checks_every_record_of_a_datagram()
    {
        byte[] good = [.. Record(22, 0, 10), .. Record(20, 0, 1)];
        byte[] trailingJunk = [.. good, 0x16, 0xFE];
        byte[] badSecond = [.. Record(22, 0, 10), .. Record(22, 0, 10, minor: 0xFE)];
        Assert.True(DtlsRecordFilter.HeadersOnly.Admits(good));
        Assert.False(DtlsRecordFilter.HeadersOnly.Admits(trailingJunk));
        Assert.False(DtlsRecordFilter.HeadersOnly.Admits(badSecond));
    }

    [Fact]
    public void Aead_records_need_room_for_nonce_and_tag()
    {
        Assert.False(Gcm.Admits(Record(23, 1, 23)));
        Assert.True(Gcm.Admits(Record(23, 1, 24)));
        Assert.True(Gcm.Admits(Record(22, 0, 1))); // plaintext epoch 0 has no cipher overhead

        var chacha = DtlsRecordFilter.ForCipherSuite(CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, false);
        Assert.False(chacha.Admits(Record(21, 1, 15)));
        Assert.True(chacha.Admits(Record(21, 1, 16)));
    }

    [Fact]
    public void Cbc_records_need_whole_blocks_after_the_explicit_iv()
    {
        var macThenEncrypt = DtlsRecordFilter.ForCipherSuite(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, false);
        Assert.False(macThenEncrypt.Admits(Record(23, 1, 32)));
        Assert.True(macThenEncrypt.Admits(Record(23, 1, 48)));
        Assert.False(macThenEncrypt.Admits(Record(23, 1, 50)));

        var encryptThenMac = DtlsRecordFilter.ForCipherSuite(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, true);
        Assert.False(encryptThenMac.Admits(Record(23, 1, 36)));
        Assert.True(encryptThenMac.Admits(Record(23, 1, 52)));
        Assert.False(encryptThenMac.Admits(Record(23, 1, 64)));
    }

    [Fact]
    public void Unknown_cipher_suites_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DtlsRecordFilter.ForCipherSuite(CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA, false));
    }

    [Fact]
    public void Fuzzed_datagrams_never_throw()
    {
        byte[][] seeds = [Record(22, 0, 100), [.. Record(22, 0, 10), .. Record(20, 0, 1), .. Record(22, 1, 40)], Record(23, 1, 24)];
        FuzzRunner.Run(output, "DTLS record filter", new Mutator(777, seeds), bytes =>
        {
            DtlsRecordFilter.HeadersOnly.Admits(bytes);
            Gcm.Admits(bytes);
        });
    }
}
