using System.Net;
using System.Text;
using RtcLive.Signaling.Tests.Hubs;

namespace RtcLive.Signaling.Tests.Whip;

/// <summary>
/// A flood of oversized bodies at the real WHIP and WHEP endpoints over Kestrel: each gets a 413 saying why without the
/// endpoint running, the refusals are counted, and a real-sized request still works after. Chunked bodies are cut by
/// Kestrel at the cap (<c>RateLimitTests</c>); the server then answers and closes while such a client is still sending,
/// so a flood of them is not asserted response by response.
/// </summary>
[Collection(BodyTooLargeCounterCollection.Name)]
public sealed class OversizedBodyTests
{
    [Theory]
    [InlineData("/whip/big")]
    [InlineData("/whep/big")]
    public async Task A_flood_of_oversized_bodies_gets_readable_413s_and_is_counted(string path)
    {
        await using var host = await SignalingTestHost.StartAsync();
        double before = RefusedBodies(await host.Http.GetStringAsync("/metrics"));
        byte[] body = Encoding.ASCII.GetBytes(new string('v', 65536 + 1024));

        for (int i = 0; i < 10; i++)
        {
            using var declared = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
            declared.Content.Headers.ContentType = new("application/sdp");
            using var declaredResponse = await host.Http.SendAsync(declared);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declaredResponse.StatusCode);
            Assert.Equal("SDP body larger than 65536 bytes\n", await declaredResponse.Content.ReadAsStringAsync());
        }

        Assert.Equal(10, RefusedBodies(await host.Http.GetStringAsync("/metrics")) - before);
        // A body of ordinary size is still read and judged on its content (here: not SDP).
        using var small = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent("v=0", Encoding.ASCII, "application/sdp") };
        using var smallResponse = await host.Http.SendAsync(small);
        Assert.Equal(HttpStatusCode.BadRequest, smallResponse.StatusCode);
    }

    private static double RefusedBodies(string metrics)
    {
        const string Prefix = "rtclive_requests_refused_total{reason=\"body_too_large\"} ";
        foreach (string line in metrics.Split('\n'))
            if (line.StartsWith(Prefix, StringComparison.Ordinal))
                return double.Parse(line[Prefix.Length..], System.Globalization.CultureInfo.InvariantCulture);
        return 0;
    }
}
