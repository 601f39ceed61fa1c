using RtcLive.WebRtc.Srtp;

namespace RtcLive.WebRtc.Tests.Srtp;

public class SrtpReplayWindowTests
{
    [Fact]
    public void Remembers_each_index_within_the_window_and_rejects_older_ones()
    {
        var window = new SrtpReplayWindow();
        Assert.False(window.IsReplay(5000));
        window.Accept(5000);
        Assert.True(window.IsReplay(5000));
        Assert.False(window.IsReplay(4999));
        Assert.False(window.IsReplay(5000 - SrtpReplayWindow.Size + 1));
        Assert.True(window.IsReplay(5000 - SrtpReplayWindow.Size));

        window.Accept(4990);
        Assert.True(window.IsReplay(4990));
        Assert.False(window.IsReplay(4991));
    }

    [Fact]
    public void Moving_forward_forgets_the_slots_it_reuses()
    {
        var window = new SrtpReplayWindow();
        for (ulong i = 0; i < 3000; i += 3)
            window.Accept(i);
        // 3000 + 1 reuses the circular slots of 1977, 1978, ...: those must read as unseen once in range.
        window.Accept(2999 + 700);
        for (ulong i = 2999 + 700 - SrtpReplayWindow.Size + 1; i < 2999 + 700; i++)
            Assert.Equal(i <= 2997 && i % 3 == 0, window.IsReplay(i));

        window.Accept(100_000);
        Assert.False(window.IsReplay(100_000 - 1));
        Assert.True(window.IsReplay(100_000));
    }
}
