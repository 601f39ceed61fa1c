namespace RtcLive.WebRtc.Rtcp;

/// <summary>
/// The 16-bit packet status chunks of transport-cc feedback and the symbols they hold:
/// <code>
/// 0|SS|run length (13)          run-length chunk: one symbol repeated
/// 1|0|14 one-bit symbols        status vector: not received / small delta
/// 1|1|7 two-bit symbols         status vector: any symbol
/// </code>
/// </summary>
internal static class TransportCcChunk
{
    public const int NotReceived = 0;
    public const int SmallDelta = 1;
    public const int LargeDelta = 2;
    public const int Reserved = 3;

    public const int MaxRunLength = 0x1FFF;
    public const int OneBitSymbols = 14;
    public const int TwoBitSymbols = 7;
    public const int OneBitVector = 0x8000;
    public const int TwoBitVector = 0xC000;

    public static bool IsRunLength(int chunk) => (chunk & 0x8000) == 0;

    /// <summary>Symbols the chunk describes (a vector's trailing ones may lie past the status count).</summary>
    public static int SymbolCount(int chunk) =>
        IsRunLength(chunk) ? chunk & MaxRunLength : (chunk & 0x4000) == 0 ? OneBitSymbols : TwoBitSymbols;

    public static int SymbolAt(int chunk, int index) =>
        IsRunLength(chunk) ? (chunk >> 13) & 0x3
        : (chunk & 0x4000) == 0 ? (chunk >> (13 - index)) & 0x1
        : (chunk >> (12 - 2 * index)) & 0x3;

    /// <summary>Bytes of receive delta a symbol implies.</summary>
    public static int DeltaSize(int symbol) => symbol == SmallDelta ? 1 : symbol == LargeDelta ? 2 : 0;

    public static int RunLength(int symbol, int run) => (symbol << 13) | run;

    public static int WithOneBitSymbol(int chunk, int index, int symbol) => chunk | (symbol << (13 - index));

    public static int WithTwoBitSymbol(int chunk, int index, int symbol) => chunk | (symbol << (12 - 2 * index));
}
