using System.Buffers.Binary;
using System.Net;
using System.Text;
using RtcLive.WebRtc.Stun;
using static RtcLive.WebRtc.Tests.Stun.StunTestMessages;

namespace RtcLive.WebRtc.Tests.Stun;

public class StunMessageWriterTests
{
    [Fact]
    public void WritesAHeaderWithCookieAndTransactionId()
    {
        byte[] data = Build((ref StunMessageWriter w) => { });
        Assert.Equal("000100002112a442" + Convert.ToHexStringLower(TransactionId), Convert.ToHexStringLower(data));
    }

    [Fact]
    public void RoundTripsEveryIceAttribute()
    {
        var remote = new IPEndPoint(IPAddress.Parse("203.0.113.7"), 61934);
        byte[] data = Build((ref StunMessageWriter w) =>
        {
            w.WriteUsername("abcd:efghi"u8);
            w.WritePriority(1853824767);
            w.WriteIceControlling(0x0123456789ABCDEF);
            w.WriteUseCandidate();
            w.WriteXorMappedAddress(remote);
            w.WriteMessageIntegrity("secret-password-0123456"u8);
            w.WriteFingerprint();
        });

        Assert.Equal(0, (data.Length - 20) % 4);
        Assert.Equal(data.Length - 20, BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(2)));
        Assert.True(StunMessageReader.TryParse(data, out var message));
        Assert.True(message.TryGetUsername(out var username));
        Assert.Equal("abcd:efghi", Encoding.ASCII.GetString(username));
        Assert.True(message.TryGetPriority(out uint priority));
        Assert.Equal(1853824767u, priority);
        Assert.True(message.TryGetIceControlling(out ulong tieBreaker));
        Assert.Equal(0x0123456789ABCDEFUL, tieBreaker);
        Assert.True(message.HasUseCandidate);
        Assert.True(message.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(remote, mapped);
        Assert.True(message.VerifyMessageIntegrity("secret-password-0123456"u8));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void PadsWithZeros()
    {
        byte[] data = Build((ref StunMessageWriter w) => w.WriteUsername("abcde"u8));
        Assert.Equal(20 + 4 + 8, data.Length);
        Assert.Equal(new byte[] { 0, 0, 0 }, data[^3..]);
    }

    [Fact]
    public void WritesIPv4MappedAddressesAsIPv4()
    {
        var mapped = new IPEndPoint(IPAddress.Parse("::ffff:192.0.2.1"), 32853);
        byte[] data = Build((ref StunMessageWriter w) => w.WriteXorMappedAddress(mapped), StunMessageType.BindingSuccessResponse);
        Assert.True(StunMessageReader.TryParse(data, out var message));
        Assert.True(message.TryGetXorMappedAddress(out var decoded));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853), decoded);
    }

    [Fact]
    public void WritesErrorCodeClassAndNumber()
    {
        byte[] data = Build((ref StunMessageWriter w) => w.WriteErrorCode(401, "Unauthorized"), StunMessageType.BindingErrorResponse);
        Assert.Equal("00000401", Convert.ToHexStringLower(data.AsSpan(24, 4)));
        Assert.Equal("Unauthorized", Encoding.UTF8.GetString(data.AsSpan(28, 12)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Build((ref StunMessageWriter w) => w.WriteErrorCode(200, "OK")));
        Assert.Throws<ArgumentException>(() => Build((ref StunMessageWriter w) => w.WriteErrorCode(400, new string('x', 764))));
    }

    [Fact]
    public void WritesUnknownAttributes()
    {
        byte[] data = Build((ref StunMessageWriter w) => w.WriteUnknownAttributes([0x0042, 0x7FFF, 0x0001]), StunMessageType.BindingErrorResponse);
        Assert.True(StunMessageReader.TryParse(data, out var message));
        Assert.True(message.TryGetAttribute(StunAttributeType.UnknownAttributes, out var value));
        Assert.Equal("00427fff0001", Convert.ToHexStringLower(value));
    }

    [Fact]
    public void IntegrityIsComputedWithTheLengthUpToItself()
    {
        byte[] withFingerprint = Build((ref StunMessageWriter w) =>
        {
            w.WriteUsername("abcd:efgh"u8);
            w.WriteMessageIntegrity("pw"u8);
            w.WriteFingerprint();
        });
        byte[] withoutFingerprint = Build((ref StunMessageWriter w) =>
        {
            w.WriteUsername("abcd:efgh"u8);
            w.WriteMessageIntegrity("pw"u8);
        });
        // Adding FINGERPRINT afterwards must not change the MAC (RFC 8489 §14.5).
        Assert.Equal(withoutFingerprint[^20..], withFingerprint[(withoutFingerprint.Length - 20)..withoutFingerprint.Length]);
        Assert.True(StunMessageReader.TryParse(withFingerprint, out var message));
        Assert.True(message.VerifyMessageIntegrity("pw"u8));
    }

    [Fact]
    public void EnforcesIntegrityThenFingerprintLast()
    {
        Assert.Throws<InvalidOperationException>(() => Build((ref StunMessageWriter w) =>
        {
            w.WriteMessageIntegrity("pw"u8);
            w.WriteUsername("late"u8);
        }));
        Assert.Throws<InvalidOperationException>(() => Build((ref StunMessageWriter w) =>
        {
            w.WriteFingerprint();
            w.WriteMessageIntegrity("pw"u8);
        }));
    }

    [Fact]
    public void ThrowsArgumentExceptionWhenTheBufferIsTooSmall()
    {
        Assert.Throws<ArgumentException>(() => new StunMessageWriter(new byte[19], StunMessageType.BindingRequest, TransactionId));
        Assert.Throws<ArgumentException>(() => new StunMessageWriter(new byte[20], StunMessageType.BindingRequest, new byte[11]));
        Assert.Throws<ArgumentException>(() =>
        {
            var writer = new StunMessageWriter(new byte[40], StunMessageType.BindingRequest, TransactionId);
            writer.WriteUsername(new byte[20]);
        });
    }

    [Fact]
    public void AllocatesNothing()
    {
        byte[] buffer = new byte[256];
        byte[] key = "secret-password-0123456"u8.ToArray();
        var remote = new IPEndPoint(IPAddress.Parse("203.0.113.7"), 61934);
        WriteResponse(buffer, key, remote); // warm up
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) WriteResponse(buffer, key, remote);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        static void WriteResponse(byte[] buffer, byte[] key, IPEndPoint remote)
        {
            var writer = new StunMessageWriter(buffer, StunMessageType.BindingSuccessResponse, TransactionId);
            writer.WriteXorMappedAddress(remote);
            writer.WriteMessageIntegrity(key);
            writer.WriteFingerprint();
            Assert.True(StunMessageReader.TryParse(writer.Written, out var message));
            Assert.True(message.VerifyMessageIntegrity(key) && message.VerifyFingerprint());
        }
    }
}
