namespace RtcLive.WebRtc.Tests.Fuzzing;

/// <summary>
/// The seed corpus of the coverage-guided fuzzer (<c>tests/RtcLive.Fuzz/corpus/TARGET</c>, copied next to the test
/// assembly), so the bounded tests in ./test.sh start from the same real messages as <c>./fuzz.sh</c>.
/// </summary>
public static class CorpusSeeds
{
    public static byte[][] Of(string target)
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "corpus", target);
        var files = Directory.GetFiles(folder);
        Array.Sort(files, StringComparer.Ordinal);
        if (files.Length == 0) throw new InvalidOperationException($"no seeds in {folder}");
        return Array.ConvertAll(files, File.ReadAllBytes);
    }
}
