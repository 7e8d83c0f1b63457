using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Tailwart.Core;
using Tailwart.Core.BringUp;
using Tailwart.Core.Config;
using Tailwart.Core.Docker;
using Tailwart.Core.Logs;

namespace Tailwart.Cli.Verbs;

/// <summary>
/// `tailwart logs [--follow] [--grep RE] [--since DURATION] [--explain] [--json]`: the merged log of
/// Stalwart, the sidecar (and the edge), the same reader and signature catalogue as the Logs pane.
/// </summary>
public static class LogsVerb
{
    public static Command Create(VerbRunner guarded)
    {
        var followOption = new Option<bool>("--follow", "-f") { Description = "Keep following (JSON Lines under --json)." };
        var grepOption = new Option<string?>("--grep") { Description = "Only lines matching this regular expression (case-insensitive)." };
        var sinceOption = new Option<string?>("--since") { Description = "Only lines of the last DURATION: 90s, 15m, 2h, 1d (default: the last logs.tail lines per service)." };
        var explainOption = new Option<bool>("--explain") { Description = "Explain known lines (DB failures, DNS-01 key errors, bans, the self-signed fallback…) with their lesson and fix." };
        var logs = new Command("logs", "The merged log of Stalwart, the sidecar and the edge, by time, from Docker.");
        foreach (Option o in new Option[] { followOption, grepOption, sinceOption, explainOption })
            logs.Options.Add(o);
        logs.SetAction((parse, ct) => guarded(parse, c => LogsVerb.RunAsync(c, parse.GetValue(followOption), parse.GetValue(grepOption), parse.GetValue(sinceOption), parse.GetValue(explainOption), ct), ct));
        return logs;
    }

    public static async Task<int> RunAsync(VerbContext context, bool follow, string? grep, string? since, bool explain, CancellationToken ct)
    {
        TailwartConfig config = context.RequireConfig();
        var query = grep is null ? LogQuery.All : LogQuery.All with { Include = LogQuery.Pattern(grep) };
        DateTimeOffset? from = since is null ? null : DateTimeOffset.UtcNow - ParseDuration(since);
        TailwartCore stack = context.Core;
        await stack.CheckDockerAsync(ct).ConfigureAwait(false);
        StackSnapshot snapshot = await stack.DiscoverAsync(ct).ConfigureAwait(false);
        var containers = stack.Services.Select(s => snapshot.Find(s)).OfType<ContainerSnapshot>().ToList();
        if (containers.Count == 0)
            throw new UserFacingException($"no container of {string.Join(", ", stack.Services)} in project {snapshot.Project}; bring the stack up with tailwart up.");

        if (!follow)
        {
            var lines = new List<LogLine>();
            foreach (ContainerSnapshot c in containers)
            {
                await foreach (LogLine line in stack.ReadLogAsync(c, config.Logs.Tail, follow: false, from, ct).ConfigureAwait(false))
                {
                    if (query.Matches(line))
                        lines.Add(line);
                }
            }
            lines.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
            if (context.Settings.Json)
                context.Output.Json(new LogsReport(containers.Select(c => c.Service).ToList(), lines.Select(l => LogLineReport.From(l, explain)).ToList()), CliJson.Default.LogsReport);
            else
                lines.ForEach(l => Print(context, l, explain));
            return ExitCodes.Ok;
        }

        // Follow: every service streams into one channel; lines are printed as they arrive.
        var channel = Channel.CreateBounded<LogLine>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.Wait });
        var pumps = containers.Select(c => Task.Run(async () =>
        {
            await foreach (LogLine line in stack.ReadLogAsync(c, config.Logs.Tail, follow: true, from, ct).ConfigureAwait(false))
                await channel.Writer.WriteAsync(line, ct).ConfigureAwait(false);
        }, ct)).ToList();
        _ = Task.WhenAll(pumps).ContinueWith(_ => channel.Writer.TryComplete(), TaskScheduler.Default);
        await foreach (LogLine line in channel.Reader.ReadAllAsync(ct).ConfigureAwait(false))
        {
            if (!query.Matches(line))
                continue;
            if (context.Settings.Json)
                context.Output.Line(JsonSerializer.Serialize(LogLineReport.From(line, explain), CliJson.Compact.LogLineReport));
            else
                Print(context, line, explain);
        }
        return ExitCodes.Ok;
    }

    private static void Print(VerbContext context, LogLine line, bool explain)
    {
        context.Output.Line($"{line.Timestamp.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)} {line.Service,-12} {line.Text}");
        if (explain && LogSignatureCatalogue.Match(line.Text) is { } s)
            context.Output.Line($"    ◆ {s.Title}{(s.Lesson is int l ? $" (lesson {l})" : "")}. Fix: {s.Fix}");
    }

    /// <summary>"90s", "15m", "2h", "1d".</summary>
    public static TimeSpan ParseDuration(string text)
    {
        if (text.Length >= 2 && int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out int n))
        {
            switch (text[^1])
            {
                case 's': return TimeSpan.FromSeconds(n);
                case 'm': return TimeSpan.FromMinutes(n);
                case 'h': return TimeSpan.FromHours(n);
                case 'd': return TimeSpan.FromDays(n);
            }
        }
        throw new UserFacingException($"--since '{text}' is not a duration; write e.g. 90s, 15m, 2h or 1d.");
    }
}
