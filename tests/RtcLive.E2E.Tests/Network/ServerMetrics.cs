using System.Globalization;

namespace RtcLive.E2E.Tests.Network;

/// <summary>The server's Prometheus text at /metrics, read into sums per metric name (labels added up).</summary>
internal sealed class ServerMetrics
{
    private readonly Dictionary<string, double> _values;

    private ServerMetrics(Dictionary<string, double> values) => _values = values;

    public double this[string name] => _values.GetValueOrDefault(name);

    public static async Task<ServerMetrics> ReadAsync(HttpClient http, string baseUrl)
    {
        string text = await http.GetStringAsync(baseUrl + "/metrics");
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#') continue;
            int space = line.LastIndexOf(' ');
            if (space <= 0 || !double.TryParse(line.AsSpan(space + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out double value)) continue;
            string series = line[..space];
            int brace = series.IndexOf('{');
            string name = brace < 0 ? series : series[..brace];
            values[name] = values.GetValueOrDefault(name) + value;
        }
        return new ServerMetrics(values);
    }

    /// <summary>How much <paramref name="name"/> grew since <paramref name="before"/>.</summary>
    public double Since(ServerMetrics before, string name) => this[name] - before[name];
}
