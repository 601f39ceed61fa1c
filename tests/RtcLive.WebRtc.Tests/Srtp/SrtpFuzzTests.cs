using RtcLive.WebRtc.Srtp;
using RtcLive.WebRtc.Tests.Fuzzing;
using Xunit.Abstractions;
using static RtcLive.WebRtc.Tests.Srtp.SrtpTestPackets;

namespace RtcLive.WebRtc.Tests.Srtp;

/// <summary>Mutated and random packets into every entry point: false is fine, an exception never is.</summary>
public class SrtpFuzzTests(ITestOutputHelper output)
{
    public static TheoryData<SrtpProfile> Profiles => new() { SrtpProfile.AesCm128HmacSha1_80, SrtpProfile.AeadAes128Gcm };

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Unprotect_rtp_never_throws(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[][] seeds =
            [
                ProtectRtp(sender, PlainRtp(1, 1, 1200)),
                ProtectRtp(sender, PlainRtp(2, 1, 20, csrcCount: 3, extensionWords: 2)),
                ProtectRtp(sender, PlainRtp(3, 2, 0, extensionWords: 1)),
            ];
            FuzzRunner.Run(output, $"SRTP unprotect {profile}", new Mutator(1, seeds),
                bytes => receiver.TryUnprotectRtp(bytes, out _));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Unprotect_rtcp_never_throws(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[][] seeds =
            [
                ProtectRtcp(sender, ReceiverReport(1, 0)),
                ProtectRtcp(sender, ReceiverReport(1, 3)),
            ];
            FuzzRunner.Run(output, $"SRTCP unprotect {profile}", new Mutator(2, seeds),
                bytes => receiver.TryUnprotectRtcp(bytes, out _));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Protect_never_throws(SrtpProfile profile)
    {
        var (sender, _) = Pair(profile, maxStreams: 4);
        using (sender)
        {
            byte[][] seeds = [PlainRtp(1, 1, 300, csrcCount: 2, extensionWords: 1), ReceiverReport(1, 2)];
            var random = new Random(3);
            FuzzRunner.Run(output, $"SRTP/SRTCP protect {profile}", new Mutator(3, seeds), bytes =>
            {
                // Room for the trailer, sometimes not; the stated length sometimes past the data.
                var buffer = new byte[bytes.Length + random.Next(0, 24)];
                bytes.CopyTo(buffer, 0);
                int length = bytes.Length + random.Next(-2, 3);
                sender.TryProtectRtp(buffer, length, out _);
                sender.TryProtectRtcp(buffer, length, out _);
            });
        }
    }
}
