namespace RtcLive.WebRtc.Rtp;

/// <summary>
/// The local identifiers a session negotiated (SDP a=extmap) for the extensions the SFU reads, and typed
/// lookups through them. An id of 0 means "not negotiated" and never matches. Built once per session;
/// the lookups allocate nothing.
/// </summary>
public struct RtpExtensionMap
{
    public byte Mid { get; set; }
    public byte RtpStreamId { get; set; }
    public byte RepairedRtpStreamId { get; set; }
    public byte AbsSendTime { get; set; }
    public byte TransportSequenceNumber { get; set; }
    public byte AudioLevel { get; set; }

    /// <summary>Records <paramref name="id"/> for a known URI; false (and no change) for any other URI.</summary>
    public bool TrySet(string uri, byte id)
    {
        switch (uri)
        {
            case RtpExtensionUris.Mid: Mid = id; return true;
            case RtpExtensionUris.RtpStreamId: RtpStreamId = id; return true;
            case RtpExtensionUris.RepairedRtpStreamId: RepairedRtpStreamId = id; return true;
            case RtpExtensionUris.AbsSendTime: AbsSendTime = id; return true;
            case RtpExtensionUris.TransportWideCc: TransportSequenceNumber = id; return true;
            case RtpExtensionUris.AudioLevel: AudioLevel = id; return true;
            default: return false;
        }
    }

    public readonly bool TryGetMid(in RtpHeader header, out ReadOnlySpan<byte> mid) =>
        TryGetSdesItem(header, Mid, out mid);

    public readonly bool TryGetRtpStreamId(in RtpHeader header, out ReadOnlySpan<byte> rid) =>
        TryGetSdesItem(header, RtpStreamId, out rid);

    public readonly bool TryGetRepairedRtpStreamId(in RtpHeader header, out ReadOnlySpan<byte> rid) =>
        TryGetSdesItem(header, RepairedRtpStreamId, out rid);

    public readonly bool TryGetAbsSendTime(in RtpHeader header, out uint absSendTime)
    {
        absSendTime = 0;
        return AbsSendTime != 0 && header.TryGetExtension(AbsSendTime, out var value)
            && AbsSendTimeExtension.TryRead(value, out absSendTime);
    }

    public readonly bool TryGetTransportSequenceNumber(in RtpHeader header, out ushort sequenceNumber)
    {
        sequenceNumber = 0;
        return TransportSequenceNumber != 0 && header.TryGetExtension(TransportSequenceNumber, out var value)
            && TransportSequenceNumberExtension.TryRead(value, out sequenceNumber);
    }

    public readonly bool TryGetAudioLevel(in RtpHeader header, out bool voiceActivity, out byte level)
    {
        voiceActivity = false;
        level = 0;
        return AudioLevel != 0 && header.TryGetExtension(AudioLevel, out var value)
            && AudioLevelExtension.TryRead(value, out voiceActivity, out level);
    }

    private static bool TryGetSdesItem(in RtpHeader header, byte id, out ReadOnlySpan<byte> ascii)
    {
        ascii = default;
        return id != 0 && header.TryGetExtension(id, out var value) && SdesItemExtension.TryRead(value, out ascii);
    }
}
