using System.Globalization;

namespace RtcLive.Benchmarks.Udp;

/// <summary>
/// <c>RtcLive.Benchmarks udp-cpu</c>: the same two sends as <see cref="UdpSendBatchBenchmarks"/>, measured in thread
/// CPU time and interleaved (single, batch, single, batch, …) so that load from other processes falls on both alike.
/// BenchmarkDotNet's wall-clock means swung by 2× between runs on the shared 2-core VM; this is the figure to decide by.
/// </summary>
public static class UdpSendCpuComparison
{
    public static void Run(int rounds = 15, int invocationsPerRound = 400)
    {
        Console.WriteLine("fan-out | SendTo per datagram, CPU ns (median) | sendmmsg per datagram, CPU ns (median) | batch / single");
        foreach (int fanOut in new[] { 10, 50 })
        {
            var benchmark = new UdpSendBatchBenchmarks { FanOut = fanOut };
            benchmark.Setup();
            try
            {
                for (int i = 0; i < invocationsPerRound; i++) { benchmark.SendToEach(); benchmark.SendMmsgPerFanOut(); }
                var single = new double[rounds];
                var batch = new double[rounds];
                for (int round = 0; round < rounds; round++)
                {
                    single[round] = Measure(() => benchmark.SendToEach(), invocationsPerRound);
                    batch[round] = Measure(() => benchmark.SendMmsgPerFanOut(), invocationsPerRound);
                }
                Array.Sort(single);
                Array.Sort(batch);
                double s = single[rounds / 2], b = batch[rounds / 2];
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{fanOut} | {s:F0} | {b:F0} | {b / s:F2}"));
            }
            finally
            {
                benchmark.Cleanup();
            }
        }
    }

    private static double Measure(Func<int> send, int invocations)
    {
        long start = ThreadCpuClock.NowNanoseconds();
        for (int i = 0; i < invocations; i++) send();
        return (ThreadCpuClock.NowNanoseconds() - start) / (double)(invocations * UdpSendBatchBenchmarks.Datagrams);
    }
}
