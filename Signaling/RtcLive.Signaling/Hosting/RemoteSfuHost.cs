using Microsoft.Extensions.Options;
using RtcLive.Sfu.Control;
using RtcLive.Sfu.Control.Http;

namespace RtcLive.Signaling.Hosting;

/// <summary>
/// Connects signaling to a standalone SFU node (<see cref="RemoteSfuOptions"/>) before the HTTP server takes
/// requests: it waits for the node's control API to answer (the node may still be starting) and fails the
/// start with the reason when it never does. Ready while the node's event stream is open.
/// </summary>
public sealed class RemoteSfuHost : IHostedService, IMediaReadiness, IAsyncDisposable
{
    private readonly RemoteSfuOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger<RemoteSfuHost> _logger;
    private HttpSfuNodeControl? _control;

    public RemoteSfuHost(IOptions<RemoteSfuOptions> options, ILoggerFactory loggers)
    {
        _options = options.Value;
        _loggers = loggers;
        _logger = loggers.CreateLogger<RemoteSfuHost>();
    }

    public ISfuNodeControl Control => _control ?? throw new InvalidOperationException("the SFU node is not connected yet");

    public bool IsReady => _control?.IsConnected == true;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var control = new HttpSfuNodeControl(new HttpSfuNodeControlOptions
        {
            BaseAddress = _options.ParseControlUrl(),
            Token = _options.ControlToken,
        }, _loggers.CreateLogger<HttpSfuNodeControl>());
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.ConnectTimeout);
        string? lastFailure = null;
        while (true)
        {
            try
            {
                await control.ConnectAsync(deadline.Token);
                break;
            }
            catch (SfuControlException ex)
            {
                if (ex.Message != lastFailure) _logger.LogInformation("waiting for the SFU node: {Reason}", ex.Message);
                lastFailure = ex.Message;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The deadline: reported below.
            }
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await control.DisposeAsync();
                throw new InvalidOperationException(
                    $"the SFU node at {_options.ControlUrl} did not answer within {_options.ConnectTimeout.TotalSeconds:0} s: {lastFailure ?? "no answer"}");
            }
        }
        _control = control;
        _logger.LogInformation("using SFU node {Node} at {Url}", control.NodeId, _options.ControlUrl);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        var control = _control;
        _control = null;
        if (control is not null) await control.DisposeAsync();
    }
}
