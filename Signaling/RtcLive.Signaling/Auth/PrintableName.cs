using System.Buffers;
using System.Globalization;
using System.Text;

namespace RtcLive.Signaling.Auth;

/// <summary>
/// The rule for room and participant names: 1 to 64 UTF-16 characters of visible text, spaces only inside. Names are
/// shown to other people and written in logs, so control, format (bidi overrides, zero-width) and unassigned
/// characters are refused.
/// </summary>
public static class PrintableName
{
    public const int MaxLength = 64;

    /// <summary>On failure <paramref name="error"/> says what is wrong, naming the field (e.g. "room").</summary>
    public static bool TryValidate(string? value, string field, out string error)
    {
        if (string.IsNullOrEmpty(value))
        {
            error = $"{field} is missing";
            return false;
        }
        if (value.Length > MaxLength)
        {
            error = $"{field} is longer than {MaxLength} characters";
            return false;
        }
        if (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
        {
            error = $"{field} starts or ends with a space";
            return false;
        }
        for (int i = 0; i < value.Length;)
        {
            if (Rune.DecodeFromUtf16(value.AsSpan(i), out var rune, out int used) != OperationStatus.Done || !IsPrintable(rune))
            {
                error = $"{field} contains a character that is not printable";
                return false;
            }
            i += used;
        }
        error = "";
        return true;
    }

    private static bool IsPrintable(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned => false,
        // Tabs and other spacing controls are Control already; only the plain space family remains here.
        UnicodeCategory.SpaceSeparator => rune.Value == ' ',
        _ => true,
    };
}
