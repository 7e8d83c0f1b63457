using System.CommandLine;
using Tailwart.Core;
using Tailwart.Core.Config;
using Tailwart.Core.Guards;
using Tailwart.Core.KeyTest;

namespace Tailwart.Cli.Verbs;

/// <summary>
/// `tailwart key-test`: one request to Spaceship with the configured key, explained (lesson 2).
/// Exit 0 key good, 1 rate limited (key not judged), 2 key bad or no answer, 3 refused by its
/// budget or by --read-only.
/// </summary>
public static class KeyTestVerb
{
    public static Command Create(VerbRunner guarded)
    {
        var keyTest = new Command("key-test", "Test the Spaceship API key behind DNS-01 with one request, and explain the answer (lesson 2). At most one per 10 s.");
        keyTest.SetAction((parse, ct) => guarded(parse, c => RunAsync(c, ct), ct));
        return keyTest;
    }

    public static async Task<int> RunAsync(VerbContext context, CancellationToken ct)
    {
        context.Policy.Demand(GuardedAction.KeyTest);
        TailwartConfig config = context.RequireConfig();
        SpaceshipSettings spaceship = config.Spaceship ?? throw new UserFacingException("tailwart.json has no spaceship section; add baseUrl, apiKey and apiSecret to test the key.");
        KeyTestResult result = await context.Core.KeyTestAsync(null, ct).ConfigureAwait(false);
        int exit = result.KeyWorks ? ExitCodes.Ok : result.Status == 429 ? ExitCodes.Warnings : ExitCodes.Failure;
        if (context.Settings.Json)
        {
            context.Output.Json(new KeyTestReport(exit, result.Status, result.KeyWorks, result.Verdict, result.Explanation, result.ErrorCode, result.RetryAfter?.TotalSeconds, Math.Round(result.Latency.TotalMilliseconds, 1)), CliJson.Default.KeyTestReport);
        }
        else
        {
            context.Output.Line($"Spaceship key test ({spaceship.BaseUrl.Host}, {config.Mail.Domain}): {result.Verdict}{(result.Status is int s ? $" [{s}]" : "")}");
            context.Output.Line(result.Explanation);
        }
        return exit;
    }
}
