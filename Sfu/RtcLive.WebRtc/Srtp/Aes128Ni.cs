using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace RtcLive.WebRtc.Srtp;

/// <summary>
/// AES-128 encryption with the AES-NI instructions: key expansion, single blocks, and counter-mode keystream
/// eight blocks at a time (eight independent chains keep the AES unit busy). Shared by SRTP's AES-CM and by GCM.
/// Callers check <see cref="IsSupported"/> and fall back to the platform's AES otherwise.
/// </summary>
/// <remarks>
/// The per-packet crypto types are <see cref="SkipLocalsInitAttribute"/>: their stack scratch is always written
/// before it is read, and the JIT's zeroing of it uses 256/512-bit stores, which on the benchmark machine halved the
/// throughput of the AES code that followed (1,188-byte keystream: 336 ns zeroed, 168 ns not).
/// </remarks>
[SkipLocalsInit]
internal static class Aes128Ni
{
    public const int BlockSize = 16;
    public const int RoundKeyCount = 11;

    public static bool IsSupported => X86Aes.IsSupported && Sse41.IsSupported;

    public static Vector128<byte>[] ExpandKey(ReadOnlySpan<byte> key)
    {
        var k = new Vector128<byte>[RoundKeyCount];
        k[0] = Vector128.Create(key);
        // The round constant must be an immediate, hence the unrolled calls.
        k[1] = ExpandStep(k[0], X86Aes.KeygenAssist(k[0], 0x01));
        k[2] = ExpandStep(k[1], X86Aes.KeygenAssist(k[1], 0x02));
        k[3] = ExpandStep(k[2], X86Aes.KeygenAssist(k[2], 0x04));
        k[4] = ExpandStep(k[3], X86Aes.KeygenAssist(k[3], 0x08));
        k[5] = ExpandStep(k[4], X86Aes.KeygenAssist(k[4], 0x10));
        k[6] = ExpandStep(k[5], X86Aes.KeygenAssist(k[5], 0x20));
        k[7] = ExpandStep(k[6], X86Aes.KeygenAssist(k[6], 0x40));
        k[8] = ExpandStep(k[7], X86Aes.KeygenAssist(k[7], 0x80));
        k[9] = ExpandStep(k[8], X86Aes.KeygenAssist(k[8], 0x1B));
        k[10] = ExpandStep(k[9], X86Aes.KeygenAssist(k[9], 0x36));
        return k;
    }

    private static Vector128<byte> ExpandStep(Vector128<byte> previous, Vector128<byte> assist)
    {
        Vector128<byte> t = Sse2.Shuffle(assist.AsInt32(), 0xFF).AsByte();
        previous = Sse2.Xor(previous, Sse2.ShiftLeftLogical128BitLane(previous, 4));
        previous = Sse2.Xor(previous, Sse2.ShiftLeftLogical128BitLane(previous, 4));
        previous = Sse2.Xor(previous, Sse2.ShiftLeftLogical128BitLane(previous, 4));
        return Sse2.Xor(previous, t);
    }

    /// <summary>Overwrites an expanded key so it does not linger in memory after its owner is disposed.</summary>
    public static void ClearKey(Vector128<byte>[] roundKeys) =>
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(roundKeys.AsSpan()));

    public static Vector128<byte> EncryptBlock(ReadOnlySpan<Vector128<byte>> rk, Vector128<byte> block)
    {
        block = Sse2.Xor(block, rk[0]);
        for (int round = 1; round < 10; round++)
            block = X86Aes.Encrypt(block, rk[round]);
        return X86Aes.EncryptLast(block, rk[10]);
    }

    /// <summary>
    /// The counter block for block number <paramref name="counter"/>: <paramref name="counterBase"/> with its last two
    /// bytes replaced by the big-endian counter. Both SRTP's AES-CM and GCM's 32-bit increment reduce to this, since
    /// their counters start from zero low bits and never pass 2^16 for packet-sized data.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> CounterBlock(Vector128<byte> counterBase, int counter) =>
        Sse2.Insert(counterBase.AsUInt16(), BinaryPrimitives.ReverseEndianness((ushort)counter), 7).AsByte();

    /// <summary>XORs the keystream AES(counterBase with counter = firstCounter, firstCounter + 1, ...) into <paramref name="data"/>.</summary>
    /// <remarks>A short tail is still computed eight blocks wide: one AES block alone is a 40-cycle latency chain,
    /// eight independent ones cost little more, which matters for audio and RTCP-sized packets.</remarks>
    public static void XorKeystream(ReadOnlySpan<Vector128<byte>> rk, Vector128<byte> counterBase, int firstCounter, Span<byte> data)
    {
        Vector128<byte> k0 = rk[0], k1 = rk[1], k2 = rk[2], k3 = rk[3], k4 = rk[4], k5 = rk[5],
            k6 = rk[6], k7 = rk[7], k8 = rk[8], k9 = rk[9], k10 = rk[10];
        ref byte p = ref MemoryMarshal.GetReference(data);
        int length = data.Length;
        int counter = firstCounter;
        Span<byte> tail = stackalloc byte[8 * BlockSize];

        for (int offset = 0; offset < length; offset += 8 * BlockSize, counter += 8)
        {
            Vector128<byte> b0 = Sse2.Xor(CounterBlock(counterBase, counter), k0);
            Vector128<byte> b1 = Sse2.Xor(CounterBlock(counterBase, counter + 1), k0);
            Vector128<byte> b2 = Sse2.Xor(CounterBlock(counterBase, counter + 2), k0);
            Vector128<byte> b3 = Sse2.Xor(CounterBlock(counterBase, counter + 3), k0);
            Vector128<byte> b4 = Sse2.Xor(CounterBlock(counterBase, counter + 4), k0);
            Vector128<byte> b5 = Sse2.Xor(CounterBlock(counterBase, counter + 5), k0);
            Vector128<byte> b6 = Sse2.Xor(CounterBlock(counterBase, counter + 6), k0);
            Vector128<byte> b7 = Sse2.Xor(CounterBlock(counterBase, counter + 7), k0);
            Round(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, k1);
            Round(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, k2);
            Round(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, k3);
            Round(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, k4);
            Round(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, k5);
            Round(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, k6);
            Round(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, k7);
            Round(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, k8);
            Round(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, k9);
            b0 = X86Aes.EncryptLast(b0, k10);
            b1 = X86Aes.EncryptLast(b1, k10);
            b2 = X86Aes.EncryptLast(b2, k10);
            b3 = X86Aes.EncryptLast(b3, k10);
            b4 = X86Aes.EncryptLast(b4, k10);
            b5 = X86Aes.EncryptLast(b5, k10);
            b6 = X86Aes.EncryptLast(b6, k10);
            b7 = X86Aes.EncryptLast(b7, k10);

            ref byte at = ref Unsafe.Add(ref p, offset);
            if (length - offset >= 8 * BlockSize)
            {
                XorStore(ref at, 0, b0);
                XorStore(ref at, 1, b1);
                XorStore(ref at, 2, b2);
                XorStore(ref at, 3, b3);
                XorStore(ref at, 4, b4);
                XorStore(ref at, 5, b5);
                XorStore(ref at, 6, b6);
                XorStore(ref at, 7, b7);
                continue;
            }

            ref byte ks = ref MemoryMarshal.GetReference(tail);
            b0.StoreUnsafe(ref ks, 0 * BlockSize);
            b1.StoreUnsafe(ref ks, 1 * BlockSize);
            b2.StoreUnsafe(ref ks, 2 * BlockSize);
            b3.StoreUnsafe(ref ks, 3 * BlockSize);
            b4.StoreUnsafe(ref ks, 4 * BlockSize);
            b5.StoreUnsafe(ref ks, 5 * BlockSize);
            b6.StoreUnsafe(ref ks, 6 * BlockSize);
            b7.StoreUnsafe(ref ks, 7 * BlockSize);
            int remaining = length - offset;
            int i = 0;
            for (; i + BlockSize <= remaining; i += BlockSize)
                (Vector128.LoadUnsafe(ref at, (nuint)i) ^ Vector128.LoadUnsafe(ref ks, (nuint)i)).StoreUnsafe(ref at, (nuint)i);
            for (; i < remaining; i++)
                Unsafe.Add(ref at, i) ^= Unsafe.Add(ref ks, i);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Round(ref Vector128<byte> b0, ref Vector128<byte> b1, ref Vector128<byte> b2, ref Vector128<byte> b3,
        ref Vector128<byte> b4, ref Vector128<byte> b5, ref Vector128<byte> b6, ref Vector128<byte> b7, Vector128<byte> key)
    {
        b0 = X86Aes.Encrypt(b0, key);
        b1 = X86Aes.Encrypt(b1, key);
        b2 = X86Aes.Encrypt(b2, key);
        b3 = X86Aes.Encrypt(b3, key);
        b4 = X86Aes.Encrypt(b4, key);
        b5 = X86Aes.Encrypt(b5, key);
        b6 = X86Aes.Encrypt(b6, key);
        b7 = X86Aes.Encrypt(b7, key);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void XorStore(ref byte at, int block, Vector128<byte> keystream)
    {
        ref byte target = ref Unsafe.Add(ref at, block * BlockSize);
        (Vector128.LoadUnsafe(ref target) ^ keystream).StoreUnsafe(ref target);
    }
}
