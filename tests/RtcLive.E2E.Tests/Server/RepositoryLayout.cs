namespace RtcLive.E2E.Tests.Server;

/// <summary>Finds the repository the tests were built from, and the build outputs inside it.</summary>
public static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: whatever the tests themselves were built as.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";

    public static string SignalingDll => Path.Combine(Root, "Signaling", "RtcLive.Signaling", "bin", Configuration, "net10.0", "RtcLive.Signaling.dll");

    public static string SfuNodeDll => Path.Combine(Root, "Sfu", "RtcLive.SfuNode", "bin", Configuration, "net10.0", "RtcLive.SfuNode.dll");

    public static string HlsWorkerDll => Path.Combine(Root, "Relay", "RtcLive.Hls.Worker", "bin", Configuration, "net10.0", "RtcLive.Hls.Worker.dll");

    public static string WebClientDist => Path.Combine(Root, "web-client", "dist");

    public static string ArtifactsDir
    {
        get
        {
            string dir = Path.Combine(Root, "tests", "artifacts");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "RtcLive.sln"))) return dir.FullName;
        throw new InvalidOperationException("RtcLive.sln not found above " + AppContext.BaseDirectory);
    }
}
