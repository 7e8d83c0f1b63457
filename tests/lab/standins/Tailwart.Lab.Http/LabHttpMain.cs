using System.Globalization;
using System.Text.Json.Nodes;

namespace Tailwart.Lab.Http;

/// <summary>
/// Command line: runs both stand-ins on loopback until Ctrl-C / SIGTERM.
/// <code>
/// dotnet Tailwart.Lab.Http.dll [--spaceship-port 18081] [--certspotter-port 18082] [--zone lab.example]
/// </code>
/// Valid Spaceship key pair from env SPACESHIP_API_KEY / SPACESHIP_API_SECRET (lab defaults
/// "lab-key" / "lab-secret"). The zone gets a few records (A, MX, TXT, CAA) and three sample
/// issuances. Lab hooks: GET /_lab/force?status=401 (omit status to clear), /_lab/stats on Spaceship;
/// GET /_lab/force-429?on=true|false on certspotter.
/// </summary>
public static class LabHttpMain
{
    public static async Task<int> Main(string[] args)
    {
        var spaceshipPort = Arg(args, "--spaceship-port", 18081);
        var certspotterPort = Arg(args, "--certspotter-port", 18082);
        var zone = ArgText(args, "--zone", "lab.example");
        var key = Environment.GetEnvironmentVariable("SPACESHIP_API_KEY") is { Length: > 0 } k ? k : "lab-key";
        var secret = Environment.GetEnvironmentVariable("SPACESHIP_API_SECRET") is { Length: > 0 } s ? s : "lab-secret";

        var spaceshipOptions = new SpaceshipOptions { Credentials = [SpaceshipCredential.ReadWrite(key, secret)] };
        spaceshipOptions.Zones[zone] = SampleRecords();
        var now = DateTimeOffset.UtcNow;
        var certOptions = new CertSpotterOptions
        {
            Issuances =
            [
                CertSpotterIssuance.LetsEncrypt("1000001", now.AddDays(-80), "*." + zone, zone),
                CertSpotterIssuance.LetsEncrypt("1000002", now.AddDays(-20), "*." + zone, zone),
                CertSpotterIssuance.LetsEncrypt("1000003", now.AddDays(-1), "mail." + zone),
            ],
        };

        await using var spaceship = await SpaceshipStandin.StartAsync(spaceshipOptions, spaceshipPort);
        await using var certspotter = await CertSpotterStandin.StartAsync(certOptions, certspotterPort);
        Console.WriteLine($"spaceship   {spaceship.BaseUrl}  (key {key}; zone {zone})");
        Console.WriteLine($"certspotter {certspotter.BaseUrl}v1/issuances");

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
        return 0;
    }

    private static List<JsonObject> SampleRecords() =>
    [
        new() { ["type"] = "A", ["name"] = "mail", ["address"] = "100.64.0.10", ["ttl"] = 300, ["group"] = new JsonObject { ["type"] = "custom" } },
        new() { ["type"] = "MX", ["name"] = "@", ["exchange"] = "mail", ["preference"] = 10, ["ttl"] = 300, ["group"] = new JsonObject { ["type"] = "custom" } },
        new() { ["type"] = "TXT", ["name"] = "_mta-sts", ["value"] = "v=STSv1; id=1", ["ttl"] = 300, ["group"] = new JsonObject { ["type"] = "custom" } },
        new() { ["type"] = "CAA", ["name"] = "@", ["flag"] = 0, ["tag"] = "issue", ["value"] = "letsencrypt.org", ["ttl"] = 300, ["group"] = new JsonObject { ["type"] = "custom" } },
    ];

    private static int Arg(string[] args, string name, int fallback) =>
        int.TryParse(ArgText(args, name, ""), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : fallback;

    private static string ArgText(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
