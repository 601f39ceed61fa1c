namespace RtcLive.WebRtc.Ice;

/// <summary>What became of one incoming connectivity check.</summary>
public enum IceCheckStatus
{
    /// <summary>Not a STUN Binding request (or its FINGERPRINT is wrong): nothing to send.</summary>
    Ignored,

    /// <summary>USERNAME or MESSAGE-INTEGRITY missing: a 400 error response was written.</summary>
    BadRequest,

    /// <summary>USERNAME names other credentials, or MESSAGE-INTEGRITY does not verify: a 401 error response was written.</summary>
    Unauthorized,

    /// <summary>A comprehension-required attribute we do not know: a 420 error response listing it was written.</summary>
    UnknownAttributes,

    /// <summary>The peer claims our role: a 487 error response was written (RFC 8445 §7.3.1.1).</summary>
    RoleConflict,

    /// <summary>The check is authentic: a success response with XOR-MAPPED-ADDRESS was written.</summary>
    Success,
}
