namespace RtcLive.Fuzz;

/// <summary>Runs saved inputs through a target outside the fuzzer, to triage a finding or check a fix.</summary>
public static class Replay
{
    public static int Files(FuzzTarget target, string[] paths)
    {
        int failures = 0, count = 0;
        foreach (string path in Expand(paths))
        {
            count++;
            byte[] input = File.ReadAllBytes(path);
            try
            {
                target.Run(input);
            }
            catch (Exception ex)
            {
                failures++;
                Console.WriteLine($"{path}: {ex.GetType().FullName}: {ex.Message}");
                Console.WriteLine($"  input: {Convert.ToHexString(input.AsSpan(0, Math.Min(input.Length, 256)))}{(input.Length > 256 ? "…" : "")}");
                Console.WriteLine($"  {ex.StackTrace?.Split('\n').FirstOrDefault()?.Trim()}");
            }
        }
        Console.WriteLine($"{target.Name}: {count} inputs replayed, {failures} threw");
        return failures == 0 ? 0 : 1;
    }

    private static IEnumerable<string> Expand(string[] paths)
    {
        foreach (string path in paths)
        {
            if (Directory.Exists(path))
            {
                foreach (string file in Directory.EnumerateFiles(path).Order(StringComparer.Ordinal))
                    if (!Path.GetFileName(file).StartsWith("README", StringComparison.Ordinal)) yield return file;
            }
            else yield return path;
        }
    }
}
