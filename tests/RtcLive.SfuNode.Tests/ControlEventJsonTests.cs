using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using RtcLive.Sfu.Control;
using RtcLive.Sfu.Control.Http;

namespace RtcLive.SfuNode.Tests;

/// <summary>Every node event crosses the event stream intact: a case added without its JSON name would be lost.</summary>
public sealed class ControlEventJsonTests
{
    private static readonly SfuControlEvent[] AllEvents =
    [
        new SfuControlEvent.SubscriberOffer("r", "bob", "v=0\r\n", [new SfuSubscribedTrack("0", "t1", "alice", "Alice", "camera", "video")]),
        new SfuControlEvent.ParticipantJoined("r", new SfuParticipantInfo("bob", "Bob", "viewer")),
        new SfuControlEvent.ParticipantLeft("r", new SfuParticipantInfo("bob", "Bob", "viewer"), "left"),
        new SfuControlEvent.TrackPublished("r", new SfuTrackInfo("t1", "alice", "Alice", "camera", "video", ["q", "h", "f"])),
        new SfuControlEvent.TrackUnpublished("r", new SfuTrackInfo("t2", "alice", "Alice", "microphone", "audio", [])),
        new SfuControlEvent.TrackMuted("r", new SfuTrackInfo("t2", "alice", "Alice", "microphone", "audio", []), true),
        new SfuControlEvent.ActiveSpeaker("r", null),
        new SfuControlEvent.ActiveSpeaker("r", "alice"),
        new SfuControlEvent.SessionReplaced("r", "bob"),
        new SfuControlEvent.RoleChanged("r", new SfuParticipantInfo("bob", "Bob", "speaker")),
    ];

    public static TheoryData<SfuControlEvent> Events() => new(AllEvents);

    [Theory]
    [MemberData(nameof(Events))]
    public void An_event_reads_back_as_written(SfuControlEvent e)
    {
        string line = JsonSerializer.Serialize(e, SfuControlJson.Options);
        var back = JsonSerializer.Deserialize<SfuControlEvent>(line, SfuControlJson.Options);

        Assert.DoesNotContain('\n', line);
        Assert.Equal(e.GetType(), back!.GetType());
        Assert.Equal(JsonSerializer.Serialize(e, SfuControlJson.Options), JsonSerializer.Serialize(back, SfuControlJson.Options));
    }

    [Fact]
    public void Every_kind_of_event_has_a_name_on_the_wire()
    {
        var named = typeof(SfuControlEvent).GetCustomAttributes<JsonDerivedTypeAttribute>().Select(a => a.DerivedType).ToHashSet();
        var cases = typeof(SfuControlEvent).GetNestedTypes().Where(t => t.IsSubclassOf(typeof(SfuControlEvent))).ToList();

        Assert.NotEmpty(cases);
        Assert.All(cases, t => Assert.Contains(t, named));
        Assert.Equal(cases.Count, AllEvents.Select(e => e.GetType()).Distinct().Count());
    }
}
