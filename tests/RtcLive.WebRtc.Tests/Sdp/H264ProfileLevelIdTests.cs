using RtcLive.WebRtc.Sdp;

namespace RtcLive.WebRtc.Tests.Sdp;

public class H264ProfileLevelIdTests
{
    [Theory]
    [InlineData("42e01f", H264Profile.ConstrainedBaseline, 0x1f)]
    [InlineData("42E01F", H264Profile.ConstrainedBaseline, 0x1f)]
    [InlineData("42c02a", H264Profile.ConstrainedBaseline, 0x2a)]
    [InlineData("4d801f", H264Profile.ConstrainedBaseline, 0x1f)]
    [InlineData("58c01f", H264Profile.ConstrainedBaseline, 0x1f)]
    [InlineData("42001f", H264Profile.Baseline, 0x1f)]
    [InlineData("42000a", H264Profile.Baseline, 0x0a)]
    [InlineData("58801f", H264Profile.Baseline, 0x1f)]
    [InlineData("4d001f", H264Profile.Main, 0x1f)]
    [InlineData("4d4032", H264Profile.Main, 0x32)]
    [InlineData("64001f", H264Profile.High, 0x1f)]
    [InlineData("640c34", H264Profile.ConstrainedHigh, 0x34)]
    [InlineData("f4001f", H264Profile.PredictiveHigh444, 0x1f)]
    public void Profiles(string text, H264Profile profile, int level)
    {
        Assert.True(H264ProfileLevelId.TryParse(text, out var value));
        Assert.Equal(profile, value.Profile);
        Assert.Equal(level, value.Level);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("42e01")]
    [InlineData("42e01f0")]
    [InlineData("zze01f")]
    [InlineData("+2e01f")]
    [InlineData("42e11f")]
    [InlineData("6e001f")]
    public void Not_a_profile(string? text) => Assert.False(H264ProfileLevelId.TryParse(text, out _));
}
