namespace RtcLive.LoadTest.Soak;

/// <summary>The least-squares slope of a series (y per unit of x): how fast memory or handles grow over a soak.</summary>
internal static class TrendLine
{
    /// <returns>0 with fewer than two points or no spread in x.</returns>
    public static double Slope(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        int n = Math.Min(x.Count, y.Count);
        if (n < 2) return 0;
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++)
        {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0, sxx = 0;
        for (int i = 0; i < n; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        return sxx > 0 ? sxy / sxx : 0;
    }
}
