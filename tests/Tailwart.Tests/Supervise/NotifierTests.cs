using System.Net;
using Microsoft.Extensions.Time.Testing;
using Tailwart.Core.Bans;
using Tailwart.Core.Config;
using Tailwart.Core.Secrets;
using Tailwart.Core.Supervise;

namespace Tailwart.Tests.Supervise;

/// <summary>Notifications: the command gets the decision, the webhook its JSON; de-duplicated, bounded, secrets never in the audit.</summary>
public sealed class NotifierTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 5, 0, 0, TimeSpan.Zero));
    private readonly string _dir = Directory.CreateTempSubdirectory("tw-notify-").FullName;

    private AuditLog Audit => new(Path.Combine(_dir, "audit.log"), _time);

    private SupervisorDecision Decision(string saw = "Docker events: stalwart die at 05:00:01", DecisionKind kind = DecisionKind.Repaired) =>
        new(_time.GetUtcNow(), kind, saw, "gated bring-up", "Verified");

    [Fact]
    public async Task The_command_gets_the_decision_in_its_environment_and_as_json_on_stdin()
    {
        string file = Path.Combine(_dir, "got");
        var settings = new NotifySettings { Command = ["/bin/sh", "-c", $"echo \"$TAILWART_NOTIFY_KIND|$TAILWART_NOTIFY_RESULT\" > {file}; cat >> {file}"] };
        var notifier = new Notifier(settings, null, Audit, _time);

        notifier.Notify(Decision());
        await notifier.DisposeAsync();

        string got = await File.ReadAllTextAsync(file);
        Assert.StartsWith("Repaired|Verified", got, StringComparison.Ordinal);
        Assert.Contains("\"saw\":\"Docker events: stalwart die at 05:00:01\"", got, StringComparison.Ordinal);
        Assert.Equal(["command: sent Repaired"], notifier.Outcomes);
    }

    [Fact]
    public async Task The_same_notification_is_sent_once_per_window_even_when_its_times_differ()
    {
        var handler = new Handler(HttpStatusCode.OK);
        var notifier = new Notifier(new NotifySettings { DedupeMinutes = 30 }, () => new Secret("https://hooks.example/T0KEN"), Audit, _time, handler);

        notifier.Notify(Decision("Docker events: stalwart die at 05:00:01"));
        notifier.Notify(Decision("Docker events: stalwart die at 05:00:09"));
        await Until(() => notifier.Outcomes.Count == 2);
        _time.Advance(TimeSpan.FromMinutes(31));
        notifier.Notify(Decision("Docker events: stalwart die at 05:31:00"));
        await notifier.DisposeAsync();

        Assert.Equal(2, handler.Bodies.Count);
        Assert.StartsWith("duplicate of", notifier.Outcomes[1], StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"Repaired\"", handler.Bodies[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task At_most_max_per_hour_go_out_and_the_next_one_counts_those_left_out()
    {
        var handler = new Handler(HttpStatusCode.OK);
        var notifier = new Notifier(new NotifySettings { MaxPerHour = 2, DedupeMinutes = 0 }, () => new Secret("https://hooks.example/T0KEN"), Audit, _time, handler);

        foreach (string what in new[] { "a", "b", "c", "d" })
            notifier.Notify(Decision("saw " + what));
        await Until(() => notifier.Outcomes.Count == 4);
        _time.Advance(TimeSpan.FromMinutes(61));
        notifier.Notify(Decision("saw e"));
        await notifier.DisposeAsync();

        Assert.Equal(3, handler.Bodies.Count);
        Assert.Contains("\"suppressed\":2", handler.Bodies[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_webhook_is_audited_without_its_url()
    {
        var notifier = new Notifier(new NotifySettings(), () => new Secret("https://hooks.example/s3cr3t-T0KEN"), Audit, _time, new Handler(HttpStatusCode.BadGateway));

        notifier.Notify(Decision(kind: DecisionKind.RepairFailed));
        await notifier.DisposeAsync();

        string audit = await File.ReadAllTextAsync(Path.Combine(_dir, "audit.log"));
        Assert.Contains("webhook failed: HTTP 502", audit, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", audit, StringComparison.Ordinal);
        Assert.DoesNotContain("hooks.example", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_that_hangs_is_killed_after_the_timeout()
    {
        var notifier = new Notifier(new NotifySettings { Command = ["/bin/sleep", "30"], TimeoutSeconds = 1 }, null, Audit, _time);

        notifier.Notify(Decision());
        await notifier.DisposeAsync();

        Assert.Equal(["command failed: /bin/sleep did not finish within 1 s (killed)"], notifier.Outcomes);
    }

    private static async Task Until(Func<bool> done)
    {
        for (int i = 0; i < 1000 && !done(); i++)
            await Task.Delay(5);
        Assert.True(done());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private sealed class Handler(HttpStatusCode status) : HttpMessageHandler
    {
        public List<string> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            string body = await request.Content!.ReadAsStringAsync(cancellationToken);
            lock (Bodies)
                Bodies.Add(body);
            return new HttpResponseMessage(status);
        }
    }
}
