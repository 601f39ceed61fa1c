namespace RtcLive.LoadTest.Sampling;

/// <summary>A process's CPU time so far (user + system, seconds) and resident memory (bytes) at one moment.</summary>
internal readonly record struct ProcessSample(double CpuSeconds, long RssBytes, long AtMicros);
