namespace RtcLive.WebRtc.Sdp;

/// <summary>
/// An <c>a=extmap</c> attribute (RFC 8285): which local id an RTP header extension URI uses on this m-line.
/// Firefox adds a direction (<c>a=extmap:2/recvonly ...</c>); a few extensions carry extra attributes.
/// </summary>
public sealed record ExtensionMap(int Id, string Uri, MediaDirection? Direction = null, string? Attributes = null)
{
    /// <summary>Ids 1-14 fit the one-byte header form, 1-255 the two-byte one; 4096-4351 are offer placeholders.</summary>
    public const int MaxId = 4351;

    public override string ToString()
    {
        string id = Direction is { } d ? $"{Id}/{d.ToSdp()}" : Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Attributes is null ? $"{id} {Uri}" : $"{id} {Uri} {Attributes}";
    }
}
