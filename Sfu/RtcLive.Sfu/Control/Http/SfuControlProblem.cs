namespace RtcLive.Sfu.Control.Http;

/// <summary>
/// The body of a refused control call: the <see cref="SfuControlError"/> by name and the message for the client,
/// so the caller rethrows the same <see cref="SfuControlException"/> the node raised.
/// </summary>
public sealed record SfuControlProblem(string Error, string Message)
{
    public static SfuControlProblem From(SfuControlException ex) => new(ex.Error.ToString(), ex.Message);

    /// <summary>The HTTP status a refusal travels with; the body, not the status, decides what the caller rethrows.</summary>
    public static int StatusOf(SfuControlError error) => error switch
    {
        SfuControlError.NotJoined => 404,
        SfuControlError.NotAllowed => 403,
        SfuControlError.Negotiation => 422,
        SfuControlError.Full => 409,
        SfuControlError.Unavailable => 503,
        _ => 400,
    };

    public SfuControlException ToException() =>
        Enum.TryParse<SfuControlError>(Error, ignoreCase: false, out var error) && Enum.IsDefined(error)
            ? new SfuControlException(error, Message)
            : new SfuControlException(SfuControlError.Unavailable, $"the node refused the call with an unknown error '{Error}': {Message}");
}
