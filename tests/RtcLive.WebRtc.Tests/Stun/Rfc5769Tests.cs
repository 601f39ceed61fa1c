using System.Net;
using System.Security.Cryptography;
using System.Text;
using RtcLive.WebRtc.Stun;

namespace RtcLive.WebRtc.Tests.Stun;

public class Rfc5769Tests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes(Rfc5769Vectors.Password);

    [Fact]
    public void SampleRequest_ParsesWithEveryIceAttribute()
    {
        Assert.True(StunMessageReader.TryParse(Rfc5769Vectors.Request, out var message));

        Assert.Equal(StunMessageType.BindingRequest, message.MessageType);
        Assert.Equal(Rfc5769Vectors.TransactionId, message.TransactionId.ToArray());
        Assert.True(message.TryGetUsername(out var username));
        Assert.Equal("evtj:h6vY", Encoding.UTF8.GetString(username));
        Assert.True(message.TryGetPriority(out uint priority));
        Assert.Equal(0x6e0001ffu, priority);
        Assert.True(message.TryGetIceControlled(out ulong tieBreaker));
        Assert.Equal(0x932ff9b151263b36UL, tieBreaker);
        Assert.False(message.TryGetIceControlling(out _));
        Assert.False(message.HasUseCandidate);
        Assert.True(message.TryGetAttribute(StunAttributeType.Software, out var software));
        Assert.Equal("STUN test client", Encoding.UTF8.GetString(software));
        Assert.False(message.HasUnknownComprehensionRequiredAttributes);
    }

    [Fact]
    public void SampleRequest_IntegrityAndFingerprintVerify()
    {
        Assert.True(StunMessageReader.TryParse(Rfc5769Vectors.Request, out var message));
        Assert.True(message.VerifyMessageIntegrity(Key));
        Assert.True(message.VerifyFingerprint());
        Assert.False(message.VerifyMessageIntegrity("VOkJxbRl1RmTxUk/WvJxBu"u8));
    }

    [Fact]
    public void SampleIPv4Response_DecodesAddressAndVerifies()
    {
        Assert.True(StunMessageReader.TryParse(Rfc5769Vectors.IPv4Response, out var message));
        Assert.Equal(StunMessageType.BindingSuccessResponse, message.MessageType);
        Assert.True(message.TryGetXorMappedAddress(out var endpoint));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853), endpoint);
        Assert.True(message.VerifyMessageIntegrity(Key));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void SampleIPv6Response_DecodesAddressAndVerifies()
    {
        Assert.True(StunMessageReader.TryParse(Rfc5769Vectors.IPv6Response, out var message));
        Assert.True(message.TryGetXorMappedAddress(out var endpoint));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853), endpoint);
        Assert.True(message.VerifyMessageIntegrity(Key));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void LongTermRequest_ParsesAndItsIntegrityVerifiesWithTheMd5Key()
    {
        Assert.True(StunMessageReader.TryParse(Rfc5769Vectors.LongTermRequest, out var message));
        Assert.Equal(new byte[] { 0x78, 0xad, 0x34, 0x33, 0xc6, 0xad, 0x72, 0xc0, 0x29, 0xda, 0x41, 0x2e }, message.TransactionId.ToArray());
        Assert.True(message.TryGetUsername(out var username));
        Assert.Equal(Rfc5769Vectors.LongTermUsername, Encoding.UTF8.GetString(username));
        Assert.True(message.TryGetAttribute(StunAttributeType.Realm, out var realm));
        Assert.Equal(Rfc5769Vectors.LongTermRealm, Encoding.UTF8.GetString(realm));
        Assert.True(message.TryGetAttribute(StunAttributeType.Nonce, out var nonce));
        Assert.Equal(Rfc5769Vectors.LongTermNonce, Encoding.UTF8.GetString(nonce));

        // §2.4 carries no FINGERPRINT; MESSAGE-INTEGRITY is last, so it is checked without a length rewrite.
        Assert.False(message.HasFingerprint);
        Assert.False(message.VerifyFingerprint());
        byte[] key = MD5.HashData(Encoding.UTF8.GetBytes(
            $"{Rfc5769Vectors.LongTermUsername}:{Rfc5769Vectors.LongTermRealm}:{Rfc5769Vectors.LongTermPassword}"));
        Assert.True(message.VerifyMessageIntegrity(key));
        Assert.False(message.VerifyMessageIntegrity(Key));
    }

    [Fact]
    public void EveryFlippedByteBreaksIntegrityOrFingerprint()
    {
        byte[] request = Rfc5769Vectors.Request;
        for (int i = 0; i < request.Length; i++)
        {
            byte[] tampered = (byte[])request.Clone();
            tampered[i] ^= 0x01;
            if (!StunMessageReader.TryParse(tampered, out var message)) continue;
            Assert.False(message.VerifyMessageIntegrity(Key) && message.VerifyFingerprint(), $"byte {i}");
        }
    }

    [Fact]
    public void Writer_EncodesTheVectorsXorMappedAddresses()
    {
        Span<byte> buffer = stackalloc byte[64];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingSuccessResponse, Rfc5769Vectors.TransactionId);
        writer.WriteXorMappedAddress(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853));
        Assert.Equal("002000080001a147e112a643", Convert.ToHexStringLower(writer.Written[20..]));

        writer = new StunMessageWriter(buffer, StunMessageType.BindingSuccessResponse, Rfc5769Vectors.TransactionId);
        writer.WriteXorMappedAddress(new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853));
        Assert.Equal("002000140002a1470113a9faa5d3f179bc25f4b5bed2b9d9", Convert.ToHexStringLower(writer.Written[20..]));
    }

    [Fact]
    public void Writer_ReproducesTheSampleResponseIntegrityAndFingerprint()
    {
        // §2.2 pads SOFTWARE with a space, which the writer (zero padding) would not; write the same
        // bytes through ReserveAttribute to check MESSAGE-INTEGRITY and FINGERPRINT byte for byte.
        Span<byte> buffer = stackalloc byte[128];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingSuccessResponse, Rfc5769Vectors.TransactionId);
        Span<byte> software = writer.ReserveAttribute(StunAttributeType.Software, 11);
        "test vector"u8.CopyTo(software);
        buffer[20 + 4 + 11] = 0x20;
        writer.WriteXorMappedAddress(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853));
        writer.WriteMessageIntegrity(Key);
        writer.WriteFingerprint();
        Assert.Equal(Rfc5769Vectors.IPv4Response, writer.Written.ToArray());
    }
}
