using Xunit.Abstractions;

namespace RtcLive.WebRtc.Tests.Fuzzing;

/// <summary>
/// Runs a parser over a bounded number of mutated inputs. The parser may reject input by returning false
/// or by throwing one of the exception types it documents; any other exception fails the test with the
/// offending input in hex so it can become a regression case.
/// </summary>
public static class FuzzRunner
{
    public const int DefaultIterations = 100_000;
    private static readonly object ReportLock = new();

    public static void Run(ITestOutputHelper output, string name, Mutator mutator, Action<byte[]> parse,
        int iterations = DefaultIterations, params Type[] allowedExceptions)
    {
        int rejected = 0;
        for (int i = 0; i < iterations; i++)
        {
            byte[] input = mutator.Next();
            try
            {
                parse(input);
            }
            catch (Exception ex) when (IsAllowed(ex, allowedExceptions))
            {
                rejected++;
            }
            catch (Exception ex)
            {
                throw new Xunit.Sdk.XunitException(
                    $"{name}: input #{i} threw {ex.GetType().Name}: {ex.Message}\ninput: {Convert.ToHexString(input)}\n{ex}");
            }
        }
        string line = $"fuzz: {name}: {iterations} inputs, {rejected} rejected with a documented exception, 0 crashes";
        output.WriteLine(line);
        Report(line);
    }

    /// <summary>./test.sh collects these lines so the counts show in the run's output.</summary>
    public static void Report(string line)
    {
        if (Environment.GetEnvironmentVariable("RTCLIVE_FUZZ_REPORT") is { Length: > 0 } report)
        {
            lock (ReportLock) File.AppendAllText(report, line + Environment.NewLine);
        }
    }

    private static bool IsAllowed(Exception ex, Type[] allowed)
    {
        foreach (var t in allowed)
            if (t.IsInstanceOfType(ex)) return true;
        return false;
    }
}
