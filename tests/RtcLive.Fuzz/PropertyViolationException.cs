namespace RtcLive.Fuzz;

/// <summary>A parsed input broke a property the parser promises (a round trip, a count): a finding like a crash.</summary>
public sealed class PropertyViolationException(string message) : Exception(message);
