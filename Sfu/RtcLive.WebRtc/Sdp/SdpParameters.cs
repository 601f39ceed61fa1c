using System.Collections;

namespace RtcLive.WebRtc.Sdp;

/// <summary>
/// An ordered, semicolon-separated parameter list (the body of <c>a=fmtp</c>, the restrictions of <c>a=rid</c>).
/// Order is kept so a description is written back as it came; keys compare without regard to letter case, as the
/// codec RFCs define them.
/// </summary>
public sealed class SdpParameters : IReadOnlyList<SdpParameter>
{
    private readonly List<SdpParameter> _items = [];

    public SdpParameters()
    {
    }

    public SdpParameters(IEnumerable<SdpParameter> items) => _items.AddRange(items);

    public int Count => _items.Count;

    public SdpParameter this[int index] => _items[index];

    /// <summary>Parses <c>a=1;b=2;token</c>. Whitespace around entries is dropped, empty entries are skipped.</summary>
    public static SdpParameters Parse(string? text)
    {
        var result = new SdpParameters();
        if (string.IsNullOrEmpty(text)) return result;
        foreach (string raw in text.Split(';'))
        {
            string entry = raw.Trim();
            if (entry.Length == 0) continue;
            int eq = entry.IndexOf('=');
            result._items.Add(eq < 0
                ? new SdpParameter(entry)
                : new SdpParameter(entry[..eq].Trim(), entry[(eq + 1)..].Trim()));
        }
        return result;
    }

    /// <summary>The value of <paramref name="key"/>, or null when absent (or present as a bare token).</summary>
    public string? Get(string key)
    {
        foreach (var item in _items)
            if (string.Equals(item.Key, key, StringComparison.OrdinalIgnoreCase)) return item.Value;
        return null;
    }

    public bool Contains(string key)
    {
        foreach (var item in _items)
            if (string.Equals(item.Key, key, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    /// <summary>Replaces the value of an existing key in place, or appends the key.</summary>
    public void Set(string key, string? value)
    {
        for (int i = 0; i < _items.Count; i++)
        {
            if (string.Equals(_items[i].Key, key, StringComparison.OrdinalIgnoreCase))
            {
                _items[i] = new SdpParameter(_items[i].Key, value);
                return;
            }
        }
        _items.Add(new SdpParameter(key, value));
    }

    public bool Remove(string key) =>
        _items.RemoveAll(item => string.Equals(item.Key, key, StringComparison.OrdinalIgnoreCase)) > 0;

    public SdpParameters Clone() => new(_items);

    public IEnumerator<SdpParameter> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Entries joined by <c>;</c> without spaces, as Chrome and Firefox write them.</summary>
    public override string ToString() => string.Join(';', _items);
}
