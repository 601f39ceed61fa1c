namespace RtcLive.WebRtc.Tests.Fuzzing;

/// <summary>
/// Deterministic input generator for bounded fuzz/property tests: starts from valid seed messages and
/// mutates them (bit flips, byte overwrites with boundary values, truncation, extension, splicing,
/// length-field-like corruption) or produces pure random bytes. A fixed seed keeps failures reproducible.
/// </summary>
public sealed class Mutator
{
    private static readonly byte[] Interesting = [0x00, 0x01, 0x7F, 0x80, 0xFF, 0xFE, 0x10, 0x20, 0x40];
    private readonly Random _random;
    private readonly byte[][] _seeds;

    public Mutator(int seed, params byte[][] seeds)
    {
        _random = new Random(seed);
        _seeds = seeds.Length > 0 ? seeds : [new byte[16]];
    }

    /// <summary>Produces the next input. The returned array is fresh (callers may keep or modify it).</summary>
    public byte[] Next()
    {
        int mode = _random.Next(10);
        if (mode == 0)
            return RandomBytes(_random.Next(0, 1600));

        byte[] seed = _seeds[_random.Next(_seeds.Length)];
        var data = new List<byte>(seed);
        int mutations = 1 + _random.Next(4);
        for (int m = 0; m < mutations; m++)
            Mutate(data);
        return data.ToArray();
    }

    private void Mutate(List<byte> data)
    {
        switch (_random.Next(8))
        {
            case 0 when data.Count > 0: // flip a bit
                {
                    int i = _random.Next(data.Count);
                    data[i] ^= (byte)(1 << _random.Next(8));
                    break;
                }
            case 1 when data.Count > 0: // boundary value
                data[_random.Next(data.Count)] = Interesting[_random.Next(Interesting.Length)];
                break;
            case 2 when data.Count > 0: // truncate
                {
                    int keep = _random.Next(data.Count);
                    data.RemoveRange(keep, data.Count - keep);
                    break;
                }
            case 3: // append random bytes
                data.AddRange(RandomBytes(_random.Next(1, 64)));
                break;
            case 4 when data.Count > 1: // corrupt a 16-bit big-endian field to a large or small value
                {
                    int i = _random.Next(data.Count - 1);
                    ushort v = _random.Next(3) switch { 0 => 0, 1 => 0xFFFF, _ => (ushort)_random.Next(0x10000) };
                    data[i] = (byte)(v >> 8);
                    data[i + 1] = (byte)v;
                    break;
                }
            case 5 when data.Count > 0: // splice a slice of another seed
                {
                    byte[] other = _seeds[_random.Next(_seeds.Length)];
                    if (other.Length == 0) break;
                    int from = _random.Next(other.Length);
                    int len = _random.Next(1, other.Length - from + 1);
                    int at = _random.Next(data.Count);
                    data.InsertRange(at, other.AsSpan(from, len).ToArray());
                    break;
                }
            case 6 when data.Count > 0: // delete a run
                {
                    int at = _random.Next(data.Count);
                    data.RemoveRange(at, _random.Next(1, Math.Min(16, data.Count - at) + 1));
                    break;
                }
            default: // random byte
                if (data.Count > 0) data[_random.Next(data.Count)] = (byte)_random.Next(256);
                break;
        }
    }

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }
}
