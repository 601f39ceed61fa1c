using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RtcLive.WebRtc.Srtp;

/// <summary>
/// GHASH, GCM's authenticator (NIST SP 800-38D §6.4), with carry-less multiplication (PCLMULQDQ).
/// </summary>
/// <remarks>
/// Blocks are byte-reversed on load so GF(2^128)'s reflected bit order becomes an ordinary 128-bit integer; the
/// product is then shifted left one bit and reduced modulo x^128 + x^7 + x^2 + x + 1 (the method of Gueron and
/// Kounavis, "Intel Carry-Less Multiplication Instruction and its Usage for Computing the GCM Mode").
/// Four blocks are multiplied by H^4..H^1 and summed before a single reduction, since the reduction is linear:
/// that takes the reduction off the per-block critical path. Immutable once built, so safe to share.
/// </remarks>
internal sealed class GaloisHash
{
    public const int BlockSize = 16;

    private readonly Vector128<ulong> _h1;
    private readonly Vector128<ulong> _h2;
    private readonly Vector128<ulong> _h3;
    private readonly Vector128<ulong> _h4;

    public static bool IsSupported => Pclmulqdq.IsSupported && Ssse3.IsSupported;

    /// <param name="hashKey">H = AES_K(0^128).</param>
    public GaloisHash(Vector128<byte> hashKey)
    {
        _h1 = ByteReverse(hashKey).AsUInt64();
        _h2 = Multiply(_h1, _h1);
        _h3 = Multiply(_h2, _h1);
        _h4 = Multiply(_h3, _h1);
    }

    private static Vector128<byte> ReverseMask => Vector128.Create((byte)15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);

    /// <summary>
    /// GHASH_H(A || pad || C || pad || [len(A)]64 || [len(C)]64) in wire byte order: AAD and ciphertext are each
    /// zero-padded to whole blocks, lengths are in bits.
    /// </summary>
    public Vector128<byte> Compute(ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> ciphertext)
    {
        Vector128<ulong> x = Absorb(Vector128<ulong>.Zero, associatedData);
        x = Absorb(x, ciphertext);
        // Byte-reversed, the big-endian lengths block is the 128-bit integer with len(A) high and len(C) low.
        Vector128<ulong> lengths = Vector128.Create((ulong)ciphertext.Length * 8, (ulong)associatedData.Length * 8);
        x = Multiply(x ^ lengths, _h1);
        return ByteReverse(x.AsByte());
    }

    private Vector128<ulong> Absorb(Vector128<ulong> x, ReadOnlySpan<byte> data)
    {
        Vector128<ulong> h1 = _h1, h2 = _h2, h3 = _h3, h4 = _h4;
        ref byte p = ref MemoryMarshal.GetReference(data);
        int offset = 0;
        for (; data.Length - offset >= 4 * BlockSize; offset += 4 * BlockSize)
        {
            Vector128<ulong> lo = Vector128<ulong>.Zero, mid = Vector128<ulong>.Zero, hi = Vector128<ulong>.Zero;
            MultiplyAccumulate(x ^ Load(ref p, offset), h4, ref lo, ref mid, ref hi);
            MultiplyAccumulate(Load(ref p, offset + BlockSize), h3, ref lo, ref mid, ref hi);
            MultiplyAccumulate(Load(ref p, offset + 2 * BlockSize), h2, ref lo, ref mid, ref hi);
            MultiplyAccumulate(Load(ref p, offset + 3 * BlockSize), h1, ref lo, ref mid, ref hi);
            x = Reduce(lo, mid, hi);
        }
        for (; data.Length - offset >= BlockSize; offset += BlockSize)
            x = Multiply(x ^ Load(ref p, offset), h1);
        if (offset < data.Length)
        {
            Span<byte> last = stackalloc byte[BlockSize];
            last.Clear();
            data.Slice(offset).CopyTo(last);
            x = Multiply(x ^ ByteReverse(Vector128.Create((ReadOnlySpan<byte>)last)).AsUInt64(), h1);
        }
        return x;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Load(ref byte p, int offset) =>
        ByteReverse(Vector128.LoadUnsafe(ref Unsafe.Add(ref p, offset))).AsUInt64();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> ByteReverse(Vector128<byte> v) => Ssse3.Shuffle(v, ReverseMask);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Multiply(Vector128<ulong> a, Vector128<ulong> b)
    {
        Vector128<ulong> lo = Vector128<ulong>.Zero, mid = Vector128<ulong>.Zero, hi = Vector128<ulong>.Zero;
        MultiplyAccumulate(a, b, ref lo, ref mid, ref hi);
        return Reduce(lo, mid, hi);
    }

    /// <summary>Adds the 256-bit carry-less product a·b, kept as low, middle (cross terms) and high halves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MultiplyAccumulate(Vector128<ulong> a, Vector128<ulong> b,
        ref Vector128<ulong> lo, ref Vector128<ulong> mid, ref Vector128<ulong> hi)
    {
        lo ^= Pclmulqdq.CarrylessMultiply(a, b, 0x00);
        hi ^= Pclmulqdq.CarrylessMultiply(a, b, 0x11);
        mid ^= Pclmulqdq.CarrylessMultiply(a, b, 0x10) ^ Pclmulqdq.CarrylessMultiply(a, b, 0x01);
    }

    /// <summary>Folds the cross terms, shifts the 256-bit product left one bit (bit reflection), and reduces it to 128 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Reduce(Vector128<ulong> lo, Vector128<ulong> mid, Vector128<ulong> hi)
    {
        Vector128<uint> low = (lo ^ Sse2.ShiftLeftLogical128BitLane(mid, 8)).AsUInt32();
        Vector128<uint> high = (hi ^ Sse2.ShiftRightLogical128BitLane(mid, 8)).AsUInt32();

        Vector128<uint> lowCarry = Sse2.ShiftRightLogical(low, 31);
        Vector128<uint> highCarry = Sse2.ShiftRightLogical(high, 31);
        low = Sse2.ShiftLeftLogical(low, 1);
        high = Sse2.ShiftLeftLogical(high, 1);
        Vector128<uint> crossCarry = Sse2.ShiftRightLogical128BitLane(lowCarry, 12);
        highCarry = Sse2.ShiftLeftLogical128BitLane(highCarry, 4);
        lowCarry = Sse2.ShiftLeftLogical128BitLane(lowCarry, 4);
        low |= lowCarry;
        high |= highCarry | crossCarry;

        Vector128<uint> a = Sse2.ShiftLeftLogical(low, 31) ^ Sse2.ShiftLeftLogical(low, 30) ^ Sse2.ShiftLeftLogical(low, 25);
        Vector128<uint> b = Sse2.ShiftRightLogical128BitLane(a, 4);
        low ^= Sse2.ShiftLeftLogical128BitLane(a, 12);
        Vector128<uint> c = Sse2.ShiftRightLogical(low, 1) ^ Sse2.ShiftRightLogical(low, 2) ^ Sse2.ShiftRightLogical(low, 7) ^ b;
        low ^= c;
        return (high ^ low).AsUInt64();
    }
}
