using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace RtcLive.E2E.Tests.Network;

/// <summary>
/// A client's path that delays every packet by <c>mean ± jitter</c> (uniform, independently per packet, each
/// way), so packets sent closer together than the spread overtake each other: what <c>tc qdisc netem delay
/// 100ms 30ms</c> does. This machine's kernel has no sch_netem, so the delay is done here: a point-to-point
/// TUN device on the server side (10.99.N.1) and one in the client's namespace (10.99.N.2, default route), and
/// two threads carrying whole IP packets between them on a schedule. The kernels on both sides see a real
/// routed IPv4 path; only the wire is this process.
/// </summary>
internal sealed class TunDelayLine : IAsyncDisposable
{
    private const nuint TunSetIff = 0x400454ca; // _IOW('T', 202, int)
    private const short IffTun = 0x0001, IffNoPi = 0x1000;
    private const int ORdWr = 2, ONonBlock = 0x800;

    private readonly int _serverFd;
    private readonly int _clientFd;
    private readonly TimeSpan _mean;
    private long _jitterTicks;
    private readonly List<Thread> _threads = [];
    private volatile bool _stopped;
    private long _carried;
    private long _overtaken;

    private TunDelayLine(int index, NetworkNamespace client, int serverFd, int clientFd, TimeSpan mean, TimeSpan jitter)
    {
        Index = index;
        Client = client;
        _serverFd = serverFd;
        _clientFd = clientFd;
        _mean = mean;
        _jitterTicks = jitter.Ticks;
    }

    public int Index { get; }

    public NetworkNamespace Client { get; }

    /// <summary>The spread around the mean delay from the next packet on; zero stops the reordering.</summary>
    public TimeSpan Jitter
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _jitterTicks));
        set => Interlocked.Exchange(ref _jitterTicks, value.Ticks);
    }

    /// <summary>Packets carried, both ways.</summary>
    public long Carried => Interlocked.Read(ref _carried);

    /// <summary>Packets that left after a packet that entered later (each way): the reordering the line made.</summary>
    public long Overtaken => Interlocked.Read(ref _overtaken);

    public static async Task<TunDelayLine> CreateAsync(int index, TimeSpan mean, TimeSpan jitter)
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("TUN devices are Linux's");
        string serverDevice = $"rtls{index}", clientDevice = $"rtlc{index}";
        var client = await NetworkNamespace.CreateAsync();
        int serverFd = -1, clientFd = -1;
        try
        {
            serverFd = OpenTun(serverDevice);
            clientFd = OpenTun(clientDevice);
            await HostCommand.RunAsync("ip", "link", "set", clientDevice, "netns", client.Pid.ToString(CultureInfo.InvariantCulture));
            await HostCommand.RunAsync("ip", "addr", "add", $"10.99.{index}.1", "peer", $"10.99.{index}.2", "dev", serverDevice);
            await HostCommand.RunAsync("ip", "link", "set", serverDevice, "up");
            await client.RunAsync("ip", "addr", "add", $"10.99.{index}.2", "peer", $"10.99.{index}.1", "dev", clientDevice);
            await client.RunAsync("ip", "link", "set", clientDevice, "up");
            await client.RunAsync("ip", "route", "add", "default", "dev", clientDevice);
        }
        catch
        {
            if (serverFd >= 0) close(serverFd);
            if (clientFd >= 0) close(clientFd);
            await client.DisposeAsync();
            throw;
        }
        var line = new TunDelayLine(index, client, serverFd, clientFd, mean, jitter);
        line.Start(serverFd, clientFd, "to client");
        line.Start(clientFd, serverFd, "to server");
        return line;
    }

    private void Start(int from, int to, string name)
    {
        var thread = new Thread(() => Carry(from, to)) { IsBackground = true, Name = $"delay line {name}" };
        _threads.Add(thread);
        thread.Start();
    }

    /// <summary>
    /// Reads what enters one end and writes it out of the other once its delay has passed. The descriptors are
    /// non-blocking and the loop naps a millisecond when idle: a delay line needs no finer clock than that.
    /// </summary>
    private void Carry(int from, int to)
    {
        var random = new Random();
        // Ordered by due time, then by arrival: packets due in the same millisecond leave in the order they came, as
        // on a wire (the queue alone breaks ties arbitrarily, which reordered a DTLS flight at zero jitter).
        var due = new PriorityQueue<(byte[] Packet, int Length, long Order), (long At, long Order)>();
        var clock = Stopwatch.StartNew();
        long entered = 0, newestLeft = -1;
        byte[] buffer = new byte[2048];
        while (!_stopped)
        {
            int length = (int)read(from, buffer, buffer.Length);
            if (length > 0)
            {
                double spread = (random.NextDouble() * 2 - 1) * TimeSpan.FromTicks(Interlocked.Read(ref _jitterTicks)).TotalMilliseconds;
                long at = clock.ElapsedMilliseconds + (long)Math.Round(_mean.TotalMilliseconds + spread);
                due.Enqueue((buffer, length, entered), (at, entered));
                entered++;
                buffer = new byte[2048];
            }
            while (due.TryPeek(out var packet, out var when) && when.At <= clock.ElapsedMilliseconds)
            {
                due.Dequeue();
                write(to, packet.Packet, packet.Length);
                Interlocked.Increment(ref _carried);
                if (packet.Order < newestLeft) Interlocked.Increment(ref _overtaken);
                newestLeft = Math.Max(newestLeft, packet.Order);
            }
            if (length <= 0) Thread.Sleep(1);
        }
    }

    private static int OpenTun(string name)
    {
        int fd = open("/dev/net/tun", ORdWr | ONonBlock);
        if (fd < 0) throw new InvalidOperationException($"open /dev/net/tun failed: errno {Marshal.GetLastPInvokeError()}");
        byte[] request = new byte[40]; // struct ifreq: the name, then the flags
        Encoding.ASCII.GetBytes(name, request);
        BitConverter.TryWriteBytes(request.AsSpan(16), (short)(IffTun | IffNoPi));
        if (ioctl(fd, TunSetIff, request) < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            close(fd);
            throw new InvalidOperationException($"TUNSETIFF {name} failed: errno {errno}");
        }
        return fd;
    }

    public async ValueTask DisposeAsync()
    {
        _stopped = true;
        foreach (var thread in _threads) thread.Join(TimeSpan.FromSeconds(2));
        close(_serverFd);
        close(_clientFd);
        await Client.DisposeAsync();
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int open(string path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int ioctl(int fd, nuint request, byte[] argument);

    [DllImport("libc", SetLastError = true)]
    private static extern nint read(int fd, byte[] buffer, nint count);

    [DllImport("libc", SetLastError = true)]
    private static extern nint write(int fd, byte[] buffer, nint count);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);
}
