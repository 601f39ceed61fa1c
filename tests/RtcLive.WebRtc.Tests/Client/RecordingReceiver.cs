using System.Text;
using RtcLive.WebRtc.Rtp;
using RtcLive.WebRtc.Transport;

namespace RtcLive.WebRtc.Tests.Client;

/// <summary>What one received RTP packet said, as far as the tests care.</summary>
internal sealed record ReceivedRtp(string? Mid, uint Ssrc, ushort SequenceNumber, byte PayloadType, bool PayloadIntact);

/// <summary>Keeps a summary of every decrypted packet a client peer hands over (on its receive thread).</summary>
internal sealed class RecordingReceiver(byte midExtensionId) : IMediaReceiver
{
    private readonly object _gate = new();
    private readonly List<ReceivedRtp> _rtp = [];
    private int _rtcpCount;

    public int RtcpCount
    {
        get { lock (_gate) return _rtcpCount; }
    }

    public List<ReceivedRtp> Snapshot()
    {
        lock (_gate) return [.. _rtp];
    }

    public int Count(string mid)
    {
        lock (_gate) return _rtp.Count(p => p.Mid == mid);
    }

    public void OnRtp(Span<byte> packet)
    {
        Assert.True(RtpHeader.TryParse(packet, out var header));
        string? mid = header.TryGetExtension(midExtensionId, out var value) ? Encoding.ASCII.GetString(value) : null;
        bool intact = mid is not null && SyntheticRtp.IsIntact(header.Payload, mid, header.SequenceNumber);
        lock (_gate) _rtp.Add(new ReceivedRtp(mid, header.Ssrc, header.SequenceNumber, header.PayloadType, intact));
    }

    public void OnRtcp(Span<byte> packet)
    {
        lock (_gate) _rtcpCount++;
    }

    /// <summary>Polls until <paramref name="done"/> holds or the timeout passes.</summary>
    public async Task<bool> WaitUntilAsync(Func<RecordingReceiver, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done(this))
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(20);
        }
        return true;
    }
}
