using Microsoft.Extensions.FileProviders;

namespace RtcLive.Signaling.Hosting;

public static class WebClientHosting
{
    /// <summary>
    /// Serves the built web client (web-client/dist). <c>RtcLive:WebClient:Root</c> names the folder;
    /// without it the folder is looked for next to the repository the binary was built from.
    /// </summary>
    public static WebApplication UseWebClient(this WebApplication app)
    {
        string? root = app.Configuration["RtcLive:WebClient:Root"];
        if (string.IsNullOrEmpty(root)) root = FindDist(AppContext.BaseDirectory);
        if (root is null || !Directory.Exists(root))
        {
            app.Logger.LogWarning("web client not found ({Root}); build it with ./run.sh or set RtcLive:WebClient:Root", root ?? "web-client/dist");
            return app;
        }
        var files = new PhysicalFileProvider(Path.GetFullPath(root));
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = ctx => ctx.Context.Response.Headers.CacheControl = "no-cache",
        });
        return app;
    }

    private static string? FindDist(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "web-client", "dist");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }
}
