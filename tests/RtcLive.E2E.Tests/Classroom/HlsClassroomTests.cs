using System.Text.Json;
using RtcLive.E2E.Tests.Browser;
using RtcLive.E2E.Tests.Server;
using Xunit.Abstractions;

namespace RtcLive.E2E.Tests.Classroom;

/// <summary>
/// A viewer watching over HLS takes part in the class, in headless Chromium through window.rtclive: it is in the
/// participant list (marked hls) of the presenter's WebRTC page and its own, chat goes both ways, its raised hand is
/// seen by the presenter, a promotion is refused saying why, and the SFU node never carries it.
/// </summary>
public sealed class HlsClassroomTests(ChromiumHost chromium, ServerProcess server, ITestOutputHelper output)
    : IClassFixture<ChromiumHost>, IClassFixture<ServerProcess>
{
    private static readonly TimeSpan Seen = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task An_hls_viewer_chats_raises_a_hand_and_is_listed_beside_a_webrtc_presenter()
    {
        const string room = "hls-classroom";
        var teacher = await ClassroomPage.OpenAsync(chromium, server.BaseUrl, room, "teacher", "presenter", "&probe=1");
        Assert.Equal("connected", await teacher.WaitForStateAsync("connected", TimeSpan.FromSeconds(25)));
        await teacher.WaitForStatsAsync(s => s.FramesSent > 30, TimeSpan.FromSeconds(20));

        var student = await ClassroomPage.OpenAsync(chromium, server.BaseUrl, room, "student", "viewer", "&transport=hls");

        // The classroom does not wait for the first HLS segment: the lists fill as soon as the hub join is in.
        var teachersList = await ClassroomPage.WaitForAsync(teacher.ParticipantsAsync, ps => ps.Any(p => p.Name == "student"), Seen);
        var listed = teachersList.SingleOrDefault(p => p.Name == "student");
        Assert.True(listed is not null, $"the presenter's list never showed the HLS viewer: {JsonSerializer.Serialize(teachersList)}");
        Assert.Equal(("viewer", true, false), (listed.Role, listed.Hls, listed.Publishing));
        var studentsList = await ClassroomPage.WaitForAsync(student.ParticipantsAsync, ps => ps.Count >= 2, Seen);
        output.WriteLine($"the HLS page's list: {JsonSerializer.Serialize(studentsList)}");
        Assert.Contains(studentsList, p => p is { Name: "teacher", Role: "presenter", Publishing: true, Hls: false });
        Assert.Contains(studentsList, p => p is { Name: "student", Hls: true });

        // Chat both ways.
        await student.CallAsync("chat", "a question from HLS");
        var atTeacher = await ClassroomPage.WaitForAsync(teacher.MessagesAsync, ms => ms.Any(m => m.Text == "a question from HLS"), Seen);
        Assert.Contains(atTeacher, m => m is { From: "student", Text: "a question from HLS" });
        await teacher.CallAsync("chat", "an answer over WebRTC");
        var atStudent = await ClassroomPage.WaitForAsync(student.MessagesAsync, ms => ms.Any(m => m.Text == "an answer over WebRTC"), Seen);
        Assert.Contains(atStudent, m => m is { From: "teacher", Text: "an answer over WebRTC" });

        // The hand goes up on the presenter's page, then down again.
        await student.CallAsync("raiseHand");
        var raised = await ClassroomPage.WaitForAsync(teacher.ParticipantsAsync, ps => ps.Any(p => p.Name == "student" && p.HandRaised), Seen);
        Assert.True(raised.Single(p => p.Name == "student").HandRaised, "the presenter never saw the HLS viewer's hand");
        Assert.True((await student.ParticipantsAsync()).Single(p => p.Name == "student").HandRaised, "the HLS page does not show its own hand");

        // Meanwhile the page plays the class over HLS.
        string state = await student.WaitForStateAsync("connected", TimeSpan.FromSeconds(60));
        Assert.True(state == "connected", $"the HLS page is {state}: {await student.MessageAsync()}");
        var playing = await student.WaitForStatsAsync(s => s.FramesDecoded > 30, TimeSpan.FromSeconds(30));
        Assert.Equal("hls", playing.Node);
        Assert.True(playing.FramesDecoded > 30, $"the HLS page decodes nothing ({playing})");
        await student.Page.ScreenshotAsync(new() { Path = Path.Combine(RepositoryLayout.ArtifactsDir, "classroom-hls-viewer.png"), FullPage = true });
        await teacher.Page.ScreenshotAsync(new() { Path = Path.Combine(RepositoryLayout.ArtifactsDir, "classroom-presenter-with-hls-viewer.png"), FullPage = true });

        // Bringing it on stage is refused, saying why; the presenter answers the hand instead.
        string? promotion = await teacher.RejectionOfCallAsync("promote", "student");
        output.WriteLine($"promoting the HLS viewer: {promotion}");
        Assert.NotNull(promotion);
        Assert.Contains("watches over HLS", promotion);
        await student.CallAsync("lowerHand");
        var lowered = await ClassroomPage.WaitForAsync(teacher.ParticipantsAsync, ps => ps.Any(p => p.Name == "student" && !p.HandRaised), Seen);
        Assert.False(lowered.Single(p => p.Name == "student").HandRaised);

        // The node carries the presenter alone: watching and taking part over HLS costs it nothing.
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        using var cluster = JsonDocument.Parse(await http.GetStringAsync("/api/cluster"));
        Assert.Equal(1, cluster.RootElement.GetProperty("nodes")[0].GetProperty("participants").GetInt32());
        string metrics = await http.GetStringAsync("/metrics");
        Assert.Contains("\nrtclive_hls_participants 1\n", metrics);

        // The page closes: gone from the presenter's list.
        await student.Page.CloseAsync();
        var after = await ClassroomPage.WaitForAsync(teacher.ParticipantsAsync, ps => ps.All(p => p.Name != "student"), Seen);
        Assert.DoesNotContain(after, p => p.Name == "student");
    }
}
