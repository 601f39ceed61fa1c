using System.Globalization;

namespace RtcLive.E2E.Tests.Classroom;

/// <summary>Figures measured by browser tests, appended as <c>speed: name: value</c> to <c>RTCLIVE_SPEED_REPORT</c> (./test.sh prints them).</summary>
public static class SpeedReport
{
    /// <returns>The line written.</returns>
    public static string Write(string name, double value)
    {
        string line = $"speed: {name}: {value.ToString("0.#", CultureInfo.InvariantCulture)}";
        string? file = Environment.GetEnvironmentVariable("RTCLIVE_SPEED_REPORT");
        if (!string.IsNullOrWhiteSpace(file))
            File.AppendAllText(file, line + Environment.NewLine);
        return line;
    }
}
