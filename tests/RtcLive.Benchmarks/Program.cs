using BenchmarkDotNet.Running;
using RtcLive.Benchmarks.Udp;

// `udp-cpu`: the send-batching comparison in thread CPU time (see UdpSendCpuComparison); anything else is BenchmarkDotNet's.
if (args is ["udp-cpu"])
{
    UdpSendCpuComparison.Run();
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
