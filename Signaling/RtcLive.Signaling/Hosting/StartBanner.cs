namespace RtcLive.Signaling.Hosting;

public static class StartBanner
{
    /// <summary>Tells the person who ran <c>./run.sh</c> where to point a browser once the server listens.</summary>
    public static WebApplication LogStartBanner(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            foreach (string url in app.Urls)
                app.Logger.LogInformation("RtcLive is up: open {Url}/ (loopback test: {Url}/echo.html)", url, url);
        });
        return app;
    }
}
