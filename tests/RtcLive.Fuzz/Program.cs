using RtcLive.Fuzz;
using SharpFuzz;

// Usage:
//   RtcLive.Fuzz list                     the targets
//   RtcLive.Fuzz TARGET                   under afl-fuzz (SharpFuzz persistent mode); outside it, one input from stdin
//   RtcLive.Fuzz TARGET --replay FILE...  runs files (a crash, a corpus) once each and says which throw
//   RtcLive.Fuzz seeds DIR                writes the binary seeds of the corpus (see SeedCorpus)
if (args.Length == 0 || args[0] is "list" or "--list" or "-h" or "--help")
{
    foreach (var t in FuzzTargets.All) Console.WriteLine($"{t.Name,-8} {t.Parser}");
    return args.Length == 0 ? 2 : 0;
}

if (args[0] == "seeds" && args.Length == 2)
    return await SeedCorpus.WriteAsync(args[1]);

var target = FuzzTargets.Find(args[0]);
if (target is null)
{
    Console.Error.WriteLine($"no target '{args[0]}'; 'list' shows them");
    return 2;
}

if (args.Length > 1 && args[1] == "--replay")
    return Replay.Files(target, args.AsSpan(2).ToArray());

// Inputs past 64 KiB are cut: no datagram or hub message we accept is larger, and AFL's long inputs only slow it.
byte[] buffer = new byte[64 * 1024];
Fuzzer.Run(stream =>
{
    int length = 0, read;
    while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0) length += read;
    target.Run(buffer.AsSpan(0, length));
});
return 0;
