namespace RtcLive.Fuzz;

/// <summary>One input for a fuzz target: the bytes the network (or a client) would hand the parser.</summary>
public delegate void FuzzAction(ReadOnlySpan<byte> input);

/// <summary>
/// A parser under the fuzzer. <see cref="Run"/> returns normally for every input the parser accepts or rejects the way
/// its callers expect (false, or a documented exception it catches itself); anything else escaping it is a finding.
/// </summary>
public sealed record FuzzTarget(string Name, string Parser, FuzzAction Run);
