namespace RtcLive.Hls.Ingest;

/// <summary>
/// Reads the picture size out of an H.264 sequence parameter set (ITU-T H.264 7.3.2.1.1): macroblock counts less
/// the frame cropping. Only the fields before the size are walked; anything cut short or out of range is refused.
/// </summary>
public static class H264SequenceParameterSet
{
    private const int MaxRbspBytes = 256;
    private const int MaxDimension = 16384;

    /// <param name="nal">The whole NAL unit, header byte (type 7) included.</param>
    public static bool TryReadSize(ReadOnlySpan<byte> nal, out int width, out int height)
    {
        width = height = 0;
        if (AnnexB.TypeOf(nal) != 7) return false;
        Span<byte> rbsp = stackalloc byte[MaxRbspBytes];
        int length = Unescape(nal[1..], rbsp);
        var r = new BitReader(rbsp[..length]);

        uint profile = r.Bits(8);
        r.Bits(16); // constraint flags, level
        r.Exp(); // seq_parameter_set_id
        uint chroma = 1;
        bool separateColourPlanes = false;
        if (profile is 100 or 110 or 122 or 244 or 44 or 83 or 86 or 118 or 128 or 138 or 139 or 134 or 135)
        {
            chroma = r.Exp();
            if (chroma > 3) return false;
            if (chroma == 3) separateColourPlanes = r.Bits(1) == 1;
            r.Exp(); // bit_depth_luma_minus8
            r.Exp(); // bit_depth_chroma_minus8
            r.Bits(1); // qpprime_y_zero_transform_bypass_flag
            if (r.Bits(1) == 1) // seq_scaling_matrix_present_flag
                for (int i = 0; i < (chroma == 3 ? 12 : 8) && !r.Overflow; i++)
                    if (r.Bits(1) == 1) SkipScalingList(ref r, i < 6 ? 16 : 64);
        }
        r.Exp(); // log2_max_frame_num_minus4
        uint pocType = r.Exp();
        if (pocType == 0)
        {
            r.Exp(); // log2_max_pic_order_cnt_lsb_minus4
        }
        else if (pocType == 1)
        {
            r.Bits(1);
            r.SignedExp();
            r.SignedExp();
            uint cycle = r.Exp();
            if (cycle > 255) return false;
            for (uint i = 0; i < cycle && !r.Overflow; i++) r.SignedExp();
        }
        else if (pocType != 2)
        {
            return false;
        }
        r.Exp(); // max_num_ref_frames
        r.Bits(1); // gaps_in_frame_num_value_allowed_flag
        uint widthMbs = r.Exp() + 1;
        uint heightMapUnits = r.Exp() + 1;
        uint frameMbsOnly = r.Bits(1);
        if (frameMbsOnly == 0) r.Bits(1); // mb_adaptive_frame_field_flag
        r.Bits(1); // direct_8x8_inference_flag
        uint cropLeft = 0, cropRight = 0, cropTop = 0, cropBottom = 0;
        if (r.Bits(1) == 1)
        {
            cropLeft = r.Exp();
            cropRight = r.Exp();
            cropTop = r.Exp();
            cropBottom = r.Exp();
        }
        if (r.Overflow || widthMbs > MaxDimension / 16 || heightMapUnits > MaxDimension / 16) return false;

        // Crop units (Table 6-1): chroma subsampling, doubled vertically for field coding.
        uint arrayType = separateColourPlanes ? 0 : chroma;
        uint unitX = arrayType is 1 or 2 ? 2u : 1u;
        uint unitY = (arrayType == 1 ? 2u : 1u) * (2 - frameMbsOnly);
        long w = widthMbs * 16L - unitX * ((long)cropLeft + cropRight);
        long h = (2 - frameMbsOnly) * heightMapUnits * 16L - unitY * ((long)cropTop + cropBottom);
        if (w <= 0 || h <= 0 || w > MaxDimension || h > MaxDimension) return false;
        width = (int)w;
        height = (int)h;
        return true;
    }

    /// <summary>Drops emulation prevention bytes (the 03 of 00 00 03); keeps at most what fits.</summary>
    private static int Unescape(ReadOnlySpan<byte> escaped, Span<byte> rbsp)
    {
        int n = 0, zeros = 0;
        foreach (byte b in escaped)
        {
            if (n == rbsp.Length) break;
            if (zeros >= 2 && b == 3)
            {
                zeros = 0;
                continue;
            }
            zeros = b == 0 ? zeros + 1 : 0;
            rbsp[n++] = b;
        }
        return n;
    }

    private static void SkipScalingList(ref BitReader r, int size)
    {
        int last = 8, next = 8;
        for (int j = 0; j < size && !r.Overflow; j++)
        {
            if (next != 0) next = (int)((last + r.SignedExp() + 256) % 256);
            last = next == 0 ? last : next;
        }
    }

    /// <summary>Big-endian bits with Exp-Golomb codes; reading past the end sets <see cref="Overflow"/> and yields zeros.</summary>
    private ref struct BitReader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _bit;

        public bool Overflow { get; private set; }

        public uint Bits(int count)
        {
            uint value = 0;
            for (int i = 0; i < count; i++)
            {
                if (_bit >= _data.Length * 8)
                {
                    Overflow = true;
                    return 0;
                }
                value = value << 1 | (uint)(_data[_bit >> 3] >> (7 - (_bit & 7)) & 1);
                _bit++;
            }
            return value;
        }

        public uint Exp()
        {
            int zeros = 0;
            while (Bits(1) == 0)
            {
                if (Overflow || ++zeros > 31)
                {
                    Overflow = true;
                    return 0;
                }
            }
            return (uint)((1L << zeros) - 1 + Bits(zeros));
        }

        public long SignedExp()
        {
            uint k = Exp();
            return (k & 1) == 1 ? (k + 1L) / 2 : -(long)(k / 2);
        }
    }
}
