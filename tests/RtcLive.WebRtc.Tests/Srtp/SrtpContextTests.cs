using System.Buffers.Binary;
using RtcLive.WebRtc.Srtp;
using static RtcLive.WebRtc.Tests.Srtp.SrtpTestPackets;

namespace RtcLive.WebRtc.Tests.Srtp;

public class SrtpContextTests
{
    public static TheoryData<SrtpProfile> Profiles => new() { SrtpProfile.AesCm128HmacSha1_80, SrtpProfile.AeadAes128Gcm };

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Rtp_round_trips_with_csrcs_and_extension(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            ushort seq = 1000;
            foreach (var (csrc, ext, payload) in new[] { (0, 0, 1200), (2, 0, 100), (0, 3, 500), (15, 2, 37), (1, 1, 0) })
            {
                byte[] plain = PlainRtp(seq++, 0x1234, payload, csrc, ext);
                byte[] srtp = ProtectRtp(sender, plain);

                int header = 12 + 4 * csrc + (ext > 0 ? 4 + 4 * ext : 0);
                Assert.Equal(plain[..header], srtp[..header]); // the header stays in the clear
                if (payload >= 16)
                    Assert.NotEqual(plain[header..], srtp[header..plain.Length]);
                Assert.Equal(plain, UnprotectRtp(receiver, srtp));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Portable_crypto_path_interoperates_with_the_intrinsic_path(SrtpProfile profile)
    {
        byte[] key = MasterKey(1);
        byte[] salt = MasterSalt(profile, 2);
        var (rtpKeys, rtcpKeys) = SrtpKeyDerivation.DeriveSessionKeys(profile, key, salt);
        SrtpCipher portableCipher = profile == SrtpProfile.AeadAes128Gcm
            ? new SrtpAesGcmCipher(rtpKeys, rtcpKeys, allowIntrinsics: false)
            : new SrtpAesCmCipher(rtpKeys, rtcpKeys, allowIntrinsics: false);
        using var portable = SrtpContext.FromCipher(portableCipher);
        using var portableReceiver = SrtpContext.FromCipher(profile == SrtpProfile.AeadAes128Gcm
            ? new SrtpAesGcmCipher(rtpKeys, rtcpKeys, allowIntrinsics: false)
            : new SrtpAesCmCipher(rtpKeys, rtcpKeys, allowIntrinsics: false));
        using var fast = SrtpContext.Create(profile, key, salt);

        for (ushort seq = 0; seq < 50; seq++)
        {
            byte[] plain = PlainRtp(seq, 77, seq * 29);
            byte[] srtp = ProtectRtp(portable, plain);
            Assert.Equal(srtp, ProtectRtp(fast, plain));
            byte[] forged = (byte[])srtp.Clone();
            forged[^1] ^= 1;
            Assert.Null(UnprotectRtp(portableReceiver, forged));
            Assert.Equal(plain, UnprotectRtp(portableReceiver, srtp));
        }
        foreach (int blocks in new[] { 0, 2 })
        {
            byte[] rr = ReceiverReport(77, blocks);
            Assert.Equal(rr, UnprotectRtcp(portableReceiver, ProtectRtcp(fast, rr)));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Rtcp_round_trips_including_the_8_byte_receiver_report(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            foreach (int blocks in new[] { 0, 1, 5, 0 })
            {
                byte[] plain = ReceiverReport(0xCAFE, blocks);
                byte[] srtcp = ProtectRtcp(sender, plain);
                Assert.Equal(plain.Length + sender.RtcpOverhead, srtcp.Length);
                Assert.Equal(plain[..8], srtcp[..8]);
                Assert.Equal(plain, UnprotectRtcp(receiver, srtcp));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Srtcp_carries_the_e_flag_and_a_per_direction_index(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            // Two SSRCs share the direction's index counter.
            for (uint i = 0; i < 4; i++)
            {
                byte[] srtcp = ProtectRtcp(sender, ReceiverReport(100 + i % 2, 1));
                int at = profile == SrtpProfile.AeadAes128Gcm ? srtcp.Length - 4 : srtcp.Length - 14;
                Assert.Equal(0x8000_0000u | i, BinaryPrimitives.ReadUInt32BigEndian(srtcp.AsSpan(at)));
                Assert.NotNull(UnprotectRtcp(receiver, srtcp));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void A_flipped_byte_anywhere_fails_authentication(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] srtp = ProtectRtp(sender, PlainRtp(10, 5, 300, csrcCount: 1, extensionWords: 1));
            byte[] srtcp = ProtectRtcp(sender, ReceiverReport(5, 1));
            for (int i = 0; i < srtp.Length; i++)
            {
                byte[] forged = (byte[])srtp.Clone();
                forged[i] ^= 0x20;
                Assert.Null(UnprotectRtp(receiver, forged));
            }
            for (int i = 0; i < srtcp.Length; i++)
            {
                byte[] forged = (byte[])srtcp.Clone();
                forged[i] ^= 0x20;
                Assert.Null(UnprotectRtcp(receiver, forged));
            }
            Assert.Equal(0, receiver.StreamCount); // nothing forged created state
            Assert.NotNull(UnprotectRtp(receiver, srtp));
            Assert.NotNull(UnprotectRtcp(receiver, srtcp));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Replays_are_rejected(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] srtp = ProtectRtp(sender, PlainRtp(500, 9, 200));
            byte[] srtcp = ProtectRtcp(sender, ReceiverReport(9, 1));
            Assert.NotNull(UnprotectRtp(receiver, srtp));
            Assert.Null(UnprotectRtp(receiver, srtp));
            Assert.NotNull(UnprotectRtcp(receiver, srtcp));
            Assert.Null(UnprotectRtcp(receiver, srtcp));
            Assert.Equal(2, receiver.ReplaysRejected);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Rollover_from_65500_through_zero(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            const uint ssrc = 0xABCD;
            for (int i = 0; i < 200; i++)
            {
                ushort seq = (ushort)(65500 + i);
                byte[] plain = PlainRtp(seq, ssrc, 160);
                Assert.Equal(plain, UnprotectRtp(receiver, ProtectRtp(sender, plain)));
            }
            Assert.True(receiver.TryGetHighestIndex(ssrc, out ulong index));
            Assert.Equal((1UL << 16) | ((65500 + 199) & 0xFFFF), index);
            Assert.True(sender.TryGetHighestIndex(ssrc, out ulong sent));
            Assert.Equal(index, sent);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void A_late_packet_from_before_the_wrap_decrypts_with_the_previous_roc(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            var protectedPackets = new List<byte[]>();
            for (int i = 0; i < 20; i++)
                protectedPackets.Add(ProtectRtp(sender, PlainRtp((ushort)(65530 + i), 1, 50)));
            // The stream starts at 65530 (ROC 0); then everything after the wrap, then the rest from before it.
            Assert.NotNull(UnprotectRtp(receiver, protectedPackets[0]));
            foreach (byte[] p in protectedPackets.Where((_, i) => i >= 6))
                Assert.NotNull(UnprotectRtp(receiver, p));
            foreach (byte[] p in protectedPackets.Where((_, i) => i is >= 1 and < 6))
                Assert.NotNull(UnprotectRtp(receiver, p));
            Assert.True(receiver.TryGetHighestIndex(1, out ulong index));
            Assert.Equal(0x1_000DUL, index);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Out_of_order_within_the_window_is_accepted_once(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            var packets = Enumerable.Range(0, 1100).Select(i => ProtectRtp(sender, PlainRtp((ushort)(3000 + i), 2, 20))).ToArray();
            Assert.NotNull(UnprotectRtp(receiver, packets[0]));
            Assert.NotNull(UnprotectRtp(receiver, packets[1099]));
            // 1099 behind the highest: older than the 1024-packet window.
            Assert.Null(UnprotectRtp(receiver, packets[75]));
            // Within the window, in any order, each exactly once.
            foreach (int i in new[] { 1098, 500, 80, 1000, 76, 999 })
            {
                Assert.NotNull(UnprotectRtp(receiver, packets[i]));
                Assert.Null(UnprotectRtp(receiver, packets[i]));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void A_forged_packet_does_not_move_the_roc(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            Assert.NotNull(UnprotectRtp(receiver, ProtectRtp(sender, PlainRtp(65000, 3, 40))));
            // A forgery whose sequence number would roll the ROC over.
            byte[] forged = ProtectRtp(sender, PlainRtp(65001, 3, 40));
            BinaryPrimitives.WriteUInt16BigEndian(forged.AsSpan(2), 100);
            Assert.Null(UnprotectRtp(receiver, forged));
            Assert.True(receiver.TryGetHighestIndex(3, out ulong index));
            Assert.Equal(65000UL, index);
            Assert.NotNull(UnprotectRtp(receiver, ProtectRtp(sender, PlainRtp(65002, 3, 40))));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Many_ssrcs_each_keep_their_own_state_up_to_the_bound(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile, maxStreams: 8);
        using (sender)
        using (receiver)
        {
            for (int round = 0; round < 3; round++)
                for (uint ssrc = 1; ssrc <= 8; ssrc++)
                {
                    // Each SSRC has its own sequence space; the same numbers on different SSRCs are not replays.
                    byte[] plain = PlainRtp((ushort)(65534 + round), ssrc, 64);
                    Assert.Equal(plain, UnprotectRtp(receiver, ProtectRtp(sender, plain)));
                }
            Assert.Equal(8, receiver.StreamCount);

            var buffer = new byte[100];
            PlainRtp(1, 9, 50).CopyTo(buffer, 0);
            Assert.False(sender.TryProtectRtp(buffer, 62, out _));
            Assert.Equal(1, sender.StreamsRefused);

            Assert.True(sender.RemoveStream(8));
            Assert.True(receiver.RemoveStream(8));
            byte[] ninth = PlainRtp(1, 9, 50);
            Assert.Equal(ninth, UnprotectRtp(receiver, ProtectRtp(sender, ninth)));
            for (uint ssrc = 1; ssrc <= 7; ssrc++)
                Assert.True(receiver.TryGetHighestIndex(ssrc, out ulong index) && index == 0x1_0000UL);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Malformed_or_unfitting_input_returns_false(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] plain = PlainRtp(1, 1, 100, extensionWords: 2);
            var buffer = new byte[plain.Length + sender.RtpOverhead];
            plain.CopyTo(buffer, 0);

            Assert.False(sender.TryProtectRtp(buffer.AsSpan(0, plain.Length + 1), plain.Length, out _)); // no room for the tag
            Assert.False(sender.TryProtectRtp(buffer, buffer.Length + 1, out _));
            Assert.False(sender.TryProtectRtp(buffer, -1, out _));
            Assert.False(sender.TryProtectRtp(buffer, 11, out _));
            Assert.False(sender.TryProtectRtp(buffer, 16, out _)); // extension header cut off
            buffer[0] = 0x40; // version 1
            Assert.False(sender.TryProtectRtp(buffer, plain.Length, out _));

            Assert.False(receiver.TryUnprotectRtp(new byte[12 + receiver.RtpOverhead - 1], out _));
            Assert.False(receiver.TryUnprotectRtp(Span<byte>.Empty, out _));
            Assert.False(receiver.TryUnprotectRtcp(new byte[8 + receiver.RtcpOverhead - 1], out _));
            Assert.False(sender.TryProtectRtcp(new byte[7 + sender.RtcpOverhead], 7, out _));
            Assert.False(sender.TryProtectRtcp(new byte[8 + sender.RtcpOverhead - 1], 8, out _));
            Assert.True(receiver.MalformedPackets >= 3);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Session_pairs_the_directions_from_dtls_keying_material(SrtpProfile profile)
    {
        var exported = new byte[SrtpProfileInfo.KeyingMaterialLength(profile)];
        new Random(3).NextBytes(exported);
        var keys = SrtpKeyingMaterial.FromExport(profile, exported);
        using var client = SrtpSession.Create(keys, isDtlsClient: true);
        using var server = SrtpSession.Create(keys, isDtlsClient: false);

        byte[] fromClient = ProtectRtp(client.Outbound, PlainRtp(7, 70, 90));
        byte[] fromServer = ProtectRtp(server.Outbound, PlainRtp(7, 70, 90));
        Assert.NotEqual(fromClient, fromServer); // each side sends under its own key
        Assert.Equal(PlainRtp(7, 70, 90), UnprotectRtp(server.Inbound, fromClient));
        Assert.Equal(PlainRtp(7, 70, 90), UnprotectRtp(client.Inbound, fromServer));
        Assert.Null(UnprotectRtp(client.Inbound, fromClient));

        byte[] rr = ReceiverReport(70, 0);
        var buffer = new byte[rr.Length + client.Outbound.RtcpOverhead];
        rr.CopyTo(buffer, 0);
        Assert.True(client.TryProtectRtcp(buffer, rr.Length, out int length));
        Assert.True(server.TryUnprotectRtcp(buffer.AsSpan(0, length), out int plainLength));
        Assert.Equal(rr, buffer[..plainLength]);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void A_disposed_context_refuses_every_packet(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        byte[] srtp = ProtectRtp(sender, PlainRtp(1, 1, 100));
        byte[] srtcp = ProtectRtcp(sender, ReceiverReport(1, 0));
        sender.Dispose();
        receiver.Dispose();

        var buffer = new byte[200];
        PlainRtp(2, 1, 100).CopyTo(buffer, 0);
        Assert.False(sender.TryProtectRtp(buffer, 112, out _));
        Assert.False(sender.TryProtectRtcp(buffer, 8, out _));
        Assert.Null(UnprotectRtp(receiver, srtp));
        Assert.Null(UnprotectRtcp(receiver, srtcp));
    }
}
