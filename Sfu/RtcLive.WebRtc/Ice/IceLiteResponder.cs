using System.Net;
using RtcLive.WebRtc.Stun;

namespace RtcLive.WebRtc.Ice;

/// <summary>
/// The server side of ICE-lite (RFC 8445 §2.5) for one session: it never sends checks, it answers them.
/// It authenticates each Binding request with the local password, answers with XOR-MAPPED-ADDRESS,
/// MESSAGE-INTEGRITY and FINGERPRINT, takes the source of a nominating check (USE-CANDIDATE) as the
/// selected remote endpoint, and tracks consent freshness (RFC 7675) from the checks that keep arriving on it.
/// </summary>
/// <remarks>
/// Single-threaded: call it from the socket loop that owns the session. Time is passed in as
/// milliseconds on any monotonic clock, so nothing here sleeps or starts timers. The success path
/// allocates nothing; only a change of selected endpoint copies the endpoint.
/// </remarks>
public sealed class IceLiteResponder
{
    /// <summary>RFC 7675 §5.1: consent expires 30 s after the last authenticated check.</summary>
    public const long DefaultConsentTimeoutMs = 30_000;

    /// <summary>The response buffer given to <see cref="Handle"/> must be at least this long.</summary>
    public const int MinResponseBufferLength = IceCheckResponse.MaxLength;

    private CredentialSet _current;
    // Kept after Restart until the peer authenticates with the new credentials, so the selected pair's
    // consent checks (still signed with the old ones) keep it alive through the restart (RFC 8445 §9).
    private CredentialSet? _previous;
    private long _lastConsentMs;

    /// <param name="local">Our ufrag and password, as put in the SDP answer.</param>
    /// <param name="remoteUfrag">The peer's ufrag from its offer; checks must name it as sender.</param>
    /// <param name="consentTimeoutMs">How long the selected endpoint keeps consent without an authentic check.</param>
    public IceLiteResponder(IceCredentials local, string remoteUfrag, long consentTimeoutMs = DefaultConsentTimeoutMs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(consentTimeoutMs, 0);
        _current = new CredentialSet(local, remoteUfrag);
        ConsentTimeoutMs = consentTimeoutMs;
    }

    public IceCredentials LocalCredentials => _current.Local;

    public string RemoteUfrag => _current.RemoteUfrag;

    public long ConsentTimeoutMs { get; }

    /// <summary>The peer's address of the nominated pair; null until a check with USE-CANDIDATE succeeds.</summary>
    public IPEndPoint? SelectedEndPoint { get; private set; }

    /// <summary>When the last authentic check from <see cref="SelectedEndPoint"/> arrived; null before selection.</summary>
    public long? LastConsentMs => SelectedEndPoint is null ? null : _lastConsentMs;

    /// <summary>
    /// True when a pair is selected and no authentic check has come from it for <see cref="ConsentTimeoutMs"/>:
    /// the session must stop sending media (RFC 7675 §5.1). False before any selection.
    /// </summary>
    public bool IsConsentExpired(long nowMs) => SelectedEndPoint is not null && nowMs - _lastConsentMs >= ConsentTimeoutMs;

    /// <summary>
    /// Handles one datagram from <paramref name="remote"/> believed to be STUN and writes the answer, if any,
    /// into <paramref name="response"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="response"/> is shorter than <see cref="MinResponseBufferLength"/>.</exception>
    public IceCheckResult Handle(ReadOnlySpan<byte> request, IPEndPoint remote, Span<byte> response, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(remote);
        IceCheckResponse.EnsureRoom(response, nameof(response));

        if (!StunMessageReader.TryParse(request, out var message)
            || message.MessageType != StunMessageType.BindingRequest
            || (message.HasFingerprint && !message.VerifyFingerprint()))
            return new(IceCheckStatus.Ignored, 0, false);

        ReadOnlySpan<byte> transactionId = message.TransactionId;
        if (!message.TryGetUsername(out var username) || !message.HasMessageIntegrity)
            return Reject(IceCheckStatus.BadRequest, StunErrorCode.BadRequest, transactionId, default, response);

        CredentialSet? credentials = _current.Accepts(username) ? _current
            : _previous is not null && _previous.Accepts(username) ? _previous
            : null;
        if (credentials is null || !message.VerifyMessageIntegrity(credentials.Local.PasswordBytes))
            return Reject(IceCheckStatus.Unauthorized, StunErrorCode.Unauthorized, transactionId, default, response);

        if (credentials == _current) _previous = null; // the peer has moved to the new credentials
        ReadOnlySpan<byte> password = credentials.Local.PasswordBytes;

        if (message.HasUnknownComprehensionRequiredAttributes)
        {
            Span<ushort> unknown = stackalloc ushort[IceCheckResponse.MaxUnknownAttributes];
            int count = message.GetUnknownComprehensionRequiredAttributes(unknown);
            int length = IceCheckResponse.WriteError(transactionId, StunErrorCode.UnknownAttribute, password, response, unknown[..count]);
            return new(IceCheckStatus.UnknownAttributes, length, false);
        }

        // A lite agent is always controlled (RFC 8445 §6.1.1) and cannot run checks as controlling, so it
        // wins every tie: a peer that also claims to be controlled is told to switch (487).
        if (message.TryGetIceControlled(out _))
            return Reject(IceCheckStatus.RoleConflict, StunErrorCode.RoleConflict, transactionId, password, response);

        bool nominated = message.HasUseCandidate;
        if (nominated && !remote.Equals(SelectedEndPoint))
            SelectedEndPoint = new IPEndPoint(remote.Address, remote.Port); // the caller may reuse its instance
        if (remote.Equals(SelectedEndPoint))
            _lastConsentMs = nowMs;

        int written = IceCheckResponse.WriteSuccess(transactionId, remote, password, response);
        return new(IceCheckStatus.Success, written, nominated);
    }

    /// <summary>
    /// ICE restart (RFC 8445 §9): from now on checks must use <paramref name="newLocal"/> and name
    /// <paramref name="newRemoteUfrag"/>. The selected endpoint and its consent are kept, and checks with
    /// the previous credentials are still answered until the first one with the new credentials arrives.
    /// </summary>
    /// <remarks>The peer's new password is not needed: a lite agent never sends checks of its own.</remarks>
    public void Restart(IceCredentials newLocal, string newRemoteUfrag)
    {
        var next = new CredentialSet(newLocal, newRemoteUfrag);
        _previous = _current;
        _current = next;
    }

    private static IceCheckResult Reject(IceCheckStatus status, int code, ReadOnlySpan<byte> transactionId,
        ReadOnlySpan<byte> password, Span<byte> response) =>
        new(status, IceCheckResponse.WriteError(transactionId, code, password, response), false);

    /// <summary>One generation of credentials and the USERNAME a check made with them carries.</summary>
    private sealed class CredentialSet
    {
        private readonly byte[] _expectedUsername;

        public CredentialSet(IceCredentials local, string remoteUfrag)
        {
            ArgumentNullException.ThrowIfNull(local);
            ArgumentNullException.ThrowIfNull(remoteUfrag);
            if (!IceCredentials.IsValidUfrag(remoteUfrag))
                throw new ArgumentException("The remote ufrag is not a valid ICE ufrag.", nameof(remoteUfrag));
            Local = local;
            RemoteUfrag = remoteUfrag;
            _expectedUsername = IceUsername.Create(local.Ufrag, remoteUfrag);
        }

        public IceCredentials Local { get; }

        public string RemoteUfrag { get; }

        public bool Accepts(ReadOnlySpan<byte> username) => username.SequenceEqual(_expectedUsername);
    }
}
