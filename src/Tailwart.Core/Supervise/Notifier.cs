using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using CliWrap;
using Tailwart.Core.Bans;
using Tailwart.Core.Config;
using Tailwart.Core.Secrets;

namespace Tailwart.Core.Supervise;

/// <summary>
/// Tells a person what the supervisor did or could not do, over the channels that do not depend on
/// the mail server (which may be what is down): a command (CliWrap, no shell: the arguments are the
/// user's, never built from evidence) and a webhook (HttpClient, JSON POST). Sending never blocks a
/// decision: notifications queue (bounded, oldest dropped and counted), each send is cut off after
/// <see cref="NotifySettings.TimeoutSeconds"/>, the same one is sent once per dedupe window, and at
/// most <see cref="NotifySettings.MaxPerHour"/> go out an hour. Failures are audit lines naming the
/// channel and the exit code or HTTP status only: never the URL (it carries a token) nor output.
/// </summary>
internal sealed partial class Notifier : IAsyncDisposable
{
    private readonly NotifySettings _settings;
    private readonly Func<Secret>? _url;
    private readonly AuditLog _audit;
    private readonly TimeProvider _time;
    private readonly HttpMessageHandler _handler;
    private readonly Channel<SupervisorDecision> _queue = Channel.CreateBounded<SupervisorDecision>(new BoundedChannelOptions(32) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly Dictionary<string, DateTimeOffset> _sent = new(StringComparer.Ordinal);
    private readonly Queue<DateTimeOffset> _hour = new();
    private readonly Task _pump;
    private int _suppressed;

    public Notifier(NotifySettings settings, Func<Secret>? url, AuditLog audit, TimeProvider time, HttpMessageHandler? handler = null)
    {
        _settings = settings;
        _url = url;
        _audit = audit;
        _time = time;
        _handler = handler ?? new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(settings.TimeoutSeconds), AllowAutoRedirect = false };
        _pump = Task.Run(PumpAsync);
    }

    public bool Enabled => _settings.Command is { Count: > 0 } || _url is not null;

    /// <summary>Sent, or the reason it was not (for tests and the audit).</summary>
    public List<string> Outcomes { get; } = [];

    /// <summary>Queues one decision; returns at once.</summary>
    public void Notify(SupervisorDecision decision)
    {
        if (Enabled)
            _queue.Writer.TryWrite(decision);
    }

    private async Task PumpAsync()
    {
        await foreach (SupervisorDecision d in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (Admit(d) is { } refused)
            {
                Record(refused);
                continue;
            }
            string json = JsonSerializer.Serialize(new NotificationBody(d.At, DecisionName(d.Kind), d.Saw, d.Did, d.Result, Interlocked.Exchange(ref _suppressed, 0)), NotificationJson.Default.NotificationBody);
            if (_settings.Command is { Count: > 0 } command)
                await RunCommandAsync(command, d, json).ConfigureAwait(false);
            if (_url is not null)
                await PostAsync(json).ConfigureAwait(false);
        }
    }

    /// <summary>Null when it may go out now; else why not (a duplicate, over the hour's budget).</summary>
    private string? Admit(SupervisorDecision d)
    {
        DateTimeOffset now = _time.GetUtcNow();
        string key = DecisionName(d.Kind) + " " + Digits().Replace(d.Saw, "#");
        if (_sent.TryGetValue(key, out var last) && now - last < TimeSpan.FromMinutes(_settings.DedupeMinutes))
            return $"duplicate of {last:HH:mm:ss}Z: {key}";
        while (_hour.Count > 0 && now - _hour.Peek() >= TimeSpan.FromHours(1))
            _hour.Dequeue();
        if (_hour.Count >= _settings.MaxPerHour)
        {
            Interlocked.Increment(ref _suppressed);
            return $"over {_settings.MaxPerHour} an hour: {key}";
        }
        _hour.Enqueue(now);
        _sent[key] = now;
        foreach (string old in _sent.Where(e => now - e.Value > TimeSpan.FromMinutes(_settings.DedupeMinutes)).Select(e => e.Key).ToList())
            _sent.Remove(old);
        return null;
    }

    private async Task RunCommandAsync(IReadOnlyList<string> command, SupervisorDecision d, string json)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(_settings.TimeoutSeconds));
        try
        {
            var result = await Cli.Wrap(command[0]).WithArguments(command.Skip(1))
                .WithEnvironmentVariables(e => e
                    .Set("TAILWART_NOTIFY_KIND", DecisionName(d.Kind))
                    .Set("TAILWART_NOTIFY_SAW", d.Saw)
                    .Set("TAILWART_NOTIFY_DID", d.Did)
                    .Set("TAILWART_NOTIFY_RESULT", d.Result)
                    .Set("TAILWART_NOTIFY_AT", d.At.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)))
                .WithStandardInputPipe(PipeSource.FromString(json, Encoding.UTF8))
                .WithStandardOutputPipe(PipeTarget.Null).WithStandardErrorPipe(PipeTarget.Null)
                .WithValidation(CommandResultValidation.None)
                .ExecuteAsync(timeout.Token).ConfigureAwait(false);
            Record(result.ExitCode == 0 ? $"command: sent {DecisionName(d.Kind)}" : $"command failed: {command[0]} exited {result.ExitCode}");
        }
        catch (OperationCanceledException)
        {
            Record($"command failed: {command[0]} did not finish within {_settings.TimeoutSeconds} s (killed)");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            Record($"command failed: {command[0]} could not run ({e.GetType().Name})");
        }
    }

    private async Task PostAsync(string json)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(_settings.TimeoutSeconds));
        try
        {
            using var http = new HttpClient(_handler, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(_settings.TimeoutSeconds) };
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            Uri target = new(_url!().Reveal());
            using HttpResponseMessage response = await http.PostAsync(target, content, timeout.Token).ConfigureAwait(false);
            Record(response.IsSuccessStatusCode ? "webhook: sent" : $"webhook failed: HTTP {(int)response.StatusCode}");
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or UriFormatException or SecretUnavailableException or UserFacingException)
        {
            // the type only: an HttpRequestException's message can hold the URL, and the URL its token
            Record(e is OperationCanceledException ? $"webhook failed: no answer within {_settings.TimeoutSeconds} s" : $"webhook failed: {e.GetType().Name}");
        }
    }

    private void Record(string outcome)
    {
        lock (Outcomes)
            Outcomes.Add(outcome);
        if (!outcome.Contains(": sent", StringComparison.Ordinal))
            _audit.Write("supervise.notify", outcome);
    }

    private static string DecisionName(DecisionKind kind) => kind.ToString();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();

    /// <summary>Lets what is queued go out (each send bounded), then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        try
        {
            await _pump.WaitAsync(TimeSpan.FromSeconds(_settings.TimeoutSeconds * 2 + 1)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // a stop must not hang on a notification: what was still queued is said in the audit
            _audit.Write("supervise.notify", "stopped with notifications still queued (each send is bounded; the stop is not held for them)");
        }
        _handler.Dispose();
    }
}

/// <summary>The JSON a notification carries (stdin of the command, body of the webhook).</summary>
internal sealed record NotificationBody(DateTimeOffset At, string Kind, string Saw, string Did, string Result, int Suppressed);
