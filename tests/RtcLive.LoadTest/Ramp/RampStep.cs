namespace RtcLive.LoadTest.Ramp;

/// <summary>One ramp step as measured over its window.</summary>
internal sealed record RampStep(int Subscribers, double LossFraction, double P99Millis, double P50Millis, long PacketsArrived,
    double SfuCpuMicrosPerPacket, int ConnectFailures, bool Good);
