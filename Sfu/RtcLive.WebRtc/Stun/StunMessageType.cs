namespace RtcLive.WebRtc.Stun;

/// <summary>
/// The 14-bit STUN message type (method and class interleaved, RFC 8489 §5). Only the Binding method
/// is named here because it is the only one ICE uses; other values may still appear on the wire.
/// </summary>
public enum StunMessageType : ushort
{
    /// <summary>A connectivity or consent check (RFC 8445 §7.2.4, RFC 7675).</summary>
    BindingRequest = 0x0001,

    /// <summary>A keepalive that expects no answer (RFC 8445 §11).</summary>
    BindingIndication = 0x0011,

    /// <summary>The answer to a Binding request that succeeded.</summary>
    BindingSuccessResponse = 0x0101,

    /// <summary>The answer to a Binding request that failed; carries ERROR-CODE.</summary>
    BindingErrorResponse = 0x0111,
}
