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
/// Up to eight blocks are multiplied by H^8..H^1 and summed before a single reduction, since the reduction is
/// linear: that takes the reduction off the per-block critical path. Immutable once built (until <see cref="Clear"/>), so safe to share.
/// </remarks>
[SkipLocalsInit]
internal sealed class GaloisHash
{
    public const int BlockSize = 16;

    /// <summary>Blocks folded per reduction.</summary>
    private const int Aggregation = 8;

    /// <summary>H^1 .. H^8 in the byte-reversed representation: _powers[i] = H^(i+1).</summary>
    private readonly Vector128<ulong>[] _powers = new Vector128<ulong>[Aggregation];

    public static bool IsSupported => Pclmulqdq.IsSupported && Ssse3.IsSupported;

    /// <param name="hashKey">H = AES_K(0^128).</param>
    public GaloisHash(Vector128<byte> hashKey)
    {
        _powers[0] = ByteReverse(hashKey).AsUInt64();
        for (int i = 1; i < Aggregation; i++)
            _powers[i] = Multiply(_powers[i - 1], _powers[0]);
    }

    /// <summary>Overwrites the hash key powers (they reveal H, and with it the ability to forge tags).</summary>
    public void Clear() => System.Security.Cryptography.CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(_powers.AsSpan()));

    private static Vector128<byte> ReverseMask => Vector128.Create((byte)15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);

    /// <summary>
    /// GHASH_H(A || pad || C || pad || [len(A)]64 || [len(C)]64) in wire byte order: AAD and ciphertext are each
    /// zero-padded to whole blocks, lengths are in bits.
    /// </summary>
    public Vector128<byte> Compute(ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> ciphertext)
    {
        ReadOnlySpan<Vector128<ulong>> powers = _powers;
        Span<byte> tail = stackalloc byte[Aggregation * BlockSize];
        Vector128<ulong> x = Absorb(Vector128<ulong>.Zero, associatedData, powers, tail);
        x = Absorb(x, ciphertext, powers, tail);
        // Byte-reversed, the big-endian lengths block is the 128-bit integer with len(A) high and len(C) low.
        Vector128<ulong> lengths = Vector128.Create((ulong)ciphertext.Length * 8, (ulong)associatedData.Length * 8);
        x = Multiply(x ^ lengths, powers[0]);
        return ByteReverse(x.AsByte());
    }

    private static Vector128<ulong> Absorb(Vector128<ulong> x, ReadOnlySpan<byte> data, ReadOnlySpan<Vector128<ulong>> powers, Span<byte> tail)
    {
        ref byte p = ref MemoryMarshal.GetReference(data);
        int offset = 0;
        if (data.Length >= Aggregation * BlockSize)
        {
            // Unrolled with the powers in registers: this loop is where a video packet spends its GHASH time.
            Vector128<ulong> h1 = powers[0], h2 = powers[1], h3 = powers[2], h4 = powers[3],
                h5 = powers[4], h6 = powers[5], h7 = powers[6], h8 = powers[7];
            for (; data.Length - offset >= Aggregation * BlockSize; offset += Aggregation * BlockSize)
            {
                ref byte b = ref Unsafe.Add(ref p, offset);
                Vector128<ulong> lo = Vector128<ulong>.Zero, mid = Vector128<ulong>.Zero, hi = Vector128<ulong>.Zero;
                MultiplyAccumulate(x ^ Load(ref b, 0), h8, ref lo, ref mid, ref hi);
                MultiplyAccumulate(Load(ref b, 1 * BlockSize), h7, ref lo, ref mid, ref hi);
                MultiplyAccumulate(Load(ref b, 2 * BlockSize), h6, ref lo, ref mid, ref hi);
                MultiplyAccumulate(Load(ref b, 3 * BlockSize), h5, ref lo, ref mid, ref hi);
                MultiplyAccumulate(Load(ref b, 4 * BlockSize), h4, ref lo, ref mid, ref hi);
                MultiplyAccumulate(Load(ref b, 5 * BlockSize), h3, ref lo, ref mid, ref hi);
                MultiplyAccumulate(Load(ref b, 6 * BlockSize), h2, ref lo, ref mid, ref hi);
                MultiplyAccumulate(Load(ref b, 7 * BlockSize), h1, ref lo, ref mid, ref hi);
                x = Reduce(lo, mid, hi);
            }
        }
        if (offset < data.Length)
        {
            // The rest (under eight blocks) is zero-padded to whole blocks and folded in one reduction.
            int rest = data.Length - offset;
            int blocks = (rest + BlockSize - 1) / BlockSize;
            data.Slice(offset).CopyTo(tail);
            tail.Slice(rest, blocks * BlockSize - rest).Clear();
            x = Aggregate(x, ref MemoryMarshal.GetReference(tail), blocks, powers);
        }
        return x;
    }

    /// <summary>(x + B_0)·H^n + B_1·H^(n-1) + ... + B_(n-1)·H for n = <paramref name="count"/> blocks, with one reduction.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Aggregate(Vector128<ulong> x, ref byte blocks, int count, ReadOnlySpan<Vector128<ulong>> powers)
    {
        Vector128<ulong> lo = Vector128<ulong>.Zero, mid = Vector128<ulong>.Zero, hi = Vector128<ulong>.Zero;
        MultiplyAccumulate(x ^ Load(ref blocks, 0), powers[count - 1], ref lo, ref mid, ref hi);
        for (int i = 1; i < count; i++)
            MultiplyAccumulate(Load(ref blocks, i * BlockSize), powers[count - 1 - i], ref lo, ref mid, ref hi);
        return Reduce(lo, mid, hi);
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
