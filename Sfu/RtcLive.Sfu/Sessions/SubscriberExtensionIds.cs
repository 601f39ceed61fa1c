namespace RtcLive.Sfu.Sessions;

/// <summary>
/// The header extension ids a consumer writes for its subscriber: this node's own numbers in the offers it
/// makes, or the peer's numbers when it answers the peer's offer (WHEP). Zero means not negotiated.
/// </summary>
public readonly record struct SubscriberExtensionIds(byte Mid, byte AbsSendTime, byte TransportCc, byte AudioLevel)
{
    /// <summary>What <see cref="SubscribeSession"/> puts in its own offers (Chromium's numbers).</summary>
    public static SubscriberExtensionIds Offered => new(
        SubscribeSession.MidExtensionId, SubscribeSession.AbsSendTimeExtensionId,
        SubscribeSession.TransportCcExtensionId, SubscribeSession.AudioLevelExtensionId);
}
