using Xunit.Abstractions;

namespace RtcLive.Sfu.Tests.Floods;

/// <summary>Prints a <c>flood:</c> line and adds it to the report <c>./test.sh</c> shows (<c>RTCLIVE_FUZZ_REPORT</c>).</summary>
internal static class FloodReport
{
    private static readonly object Gate = new();

    public static void Write(ITestOutputHelper output, string line)
    {
        output.WriteLine(line);
        Console.WriteLine(line);
        if (Environment.GetEnvironmentVariable("RTCLIVE_FUZZ_REPORT") is { Length: > 0 } report)
            lock (Gate) File.AppendAllText(report, line + Environment.NewLine);
    }
}
