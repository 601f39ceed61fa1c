using RtcLive.Signaling.Auth;

namespace RtcLive.Signaling.Tests.Auth;

public sealed class PrintableNameTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("Ada Lovelace")]
    [InlineData("math-101_b.2")]
    [InlineData("Zoë")]
    [InlineData("教室")]
    [InlineData("emoji 🎓")]
    public void Visible_text_is_accepted(string value)
    {
        Assert.True(PrintableName.TryValidate(value, "name", out string error), error);
    }

    [Fact]
    public void Sixty_four_characters_are_accepted_sixty_five_are_not()
    {
        Assert.True(PrintableName.TryValidate(new string('x', 64), "name", out _));
        Assert.False(PrintableName.TryValidate(new string('x', 65), "name", out string error));
        Assert.Equal("name is longer than 64 characters", error);
    }

    [Theory]
    [InlineData(null, "room is missing")]
    [InlineData("", "room is missing")]
    [InlineData(" math", "room starts or ends with a space")]
    [InlineData("math ", "room starts or ends with a space")]
    [InlineData("ma\tth", "room contains a character that is not printable")]
    [InlineData("ma\nth", "room contains a character that is not printable")]
    [InlineData("ma\0th", "room contains a character that is not printable")]
    [InlineData("ma\u001bth", "room contains a character that is not printable")]
    [InlineData("ma\u202Eth", "room contains a character that is not printable")]
    [InlineData("ma\u200Bth", "room contains a character that is not printable")]
    [InlineData("ma\u2028th", "room contains a character that is not printable")]
    [InlineData("ma\u00A0th", "room contains a character that is not printable")]
    [InlineData("ma\uE000th", "room contains a character that is not printable")]
    public void Missing_padded_and_unprintable_values_are_refused(string? value, string expected)
    {
        Assert.False(PrintableName.TryValidate(value, "room", out string error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Lone_surrogate_is_refused()
    {
        // Built at run time: attribute arguments cannot carry a lone surrogate.
        string value = "ma" + (char)0xD800 + "th";
        Assert.False(PrintableName.TryValidate(value, "room", out string error));
        Assert.Equal("room contains a character that is not printable", error);
        Assert.False(PrintableName.TryValidate("math" + (char)0xDC00, "room", out _));
    }
}
