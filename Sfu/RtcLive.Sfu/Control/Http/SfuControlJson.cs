using System.Text.Json;

namespace RtcLive.Sfu.Control.Http;

/// <summary>The JSON both ends of the control API use: web defaults (camelCase, case-insensitive reads).</summary>
public static class SfuControlJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
