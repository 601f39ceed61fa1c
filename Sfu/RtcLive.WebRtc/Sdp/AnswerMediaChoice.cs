namespace RtcLive.WebRtc.Sdp;

/// <summary>
/// What the application wants for one offered m-line, returned by <see cref="AnswerOptions.ChooseMedia"/>: reject
/// it, or accept it in a direction (fitted to what the offer allows) and optionally with a track to send.
/// </summary>
public sealed class AnswerMediaChoice
{
    /// <summary>Accept in whatever direction the offer allows, sending nothing in particular.</summary>
    public static AnswerMediaChoice AcceptAsOffered { get; } = new();

    public static AnswerMediaChoice Reject(string reason) => new() { Accepted = false, RejectReason = reason };

    public bool Accepted { get; init; } = true;

    public string? RejectReason { get; init; }

    /// <summary>
    /// The direction wished for, from this endpoint's point of view. The answer uses only the part the offer
    /// permits: a wished <c>sendrecv</c> against a <c>sendonly</c> offer becomes <c>recvonly</c>. Null means the
    /// reverse of the offer's direction.
    /// </summary>
    public MediaDirection? Direction { get; init; }

    /// <summary>The track sent on this m-line when the negotiated direction sends.</summary>
    public LocalTrack? SendTrack { get; init; }
}
