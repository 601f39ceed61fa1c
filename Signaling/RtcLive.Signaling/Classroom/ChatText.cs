namespace RtcLive.Signaling.Classroom;

/// <summary>What a chat message may be: plain text, not empty, not too long, no control characters but line breaks and tabs.</summary>
public static class ChatText
{
    public static bool TryNormalize(string? text, int maxLength, out string normalized, out string error)
    {
        normalized = (text ?? "").Trim();
        if (normalized.Length == 0)
        {
            error = "a chat message cannot be empty";
            return false;
        }
        if (normalized.Length > maxLength)
        {
            error = $"a chat message is at most {maxLength} characters (this one has {normalized.Length})";
            return false;
        }
        foreach (char c in normalized)
        {
            if (char.IsControl(c) && c is not '\n' and not '\t' and not '\r')
            {
                error = "a chat message cannot contain control characters";
                return false;
            }
        }
        normalized = normalized.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        error = "";
        return true;
    }
}
