namespace RtcLive.WebRtc.Rtcp;

/// <summary>
/// What transport-cc feedback says about one packet: its transport-wide sequence number and whether and
/// when it arrived. Arrival times are microseconds on the feedback sender's clock; on the wire they have a
/// resolution of 250 µs.
/// </summary>
public readonly record struct TransportCcPacketStatus(ushort SequenceNumber, bool Received, long ArrivalTimeMicroseconds)
{
    public static TransportCcPacketStatus Arrived(ushort sequenceNumber, long arrivalTimeMicroseconds) =>
        new(sequenceNumber, true, arrivalTimeMicroseconds);

    public static TransportCcPacketStatus NotReceived(ushort sequenceNumber) => new(sequenceNumber, false, 0);
}
