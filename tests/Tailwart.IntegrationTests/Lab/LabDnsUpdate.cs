using CliWrap;
using CliWrap.Buffered;
using Tailwart.Lab;

namespace Tailwart.IntegrationTests.Lab;

/// <summary>Changes records in the lab's signed zones by DNS UPDATE (knsupdate against knot, which re-signs), as a registrar's API would.</summary>
internal static class LabDnsUpdate
{
    /// <summary>Replaces <paramref name="owner"/>'s records of <paramref name="type"/> in <paramref name="zone"/> with <paramref name="rdata"/> (TTL 1 s); none removes them.</summary>
    public static async Task ReplaceAsync(LabEnvironment lab, string zone, string owner, string type, IEnumerable<string> rdata)
    {
        var script = new List<string> { $"server {lab.Config.DnsResolver.Address} {lab.Config.DnsResolver.Port}", $"zone {zone}.", $"update delete {owner} {type}" };
        script.AddRange(rdata.Select(r => $"update add {owner} 1 {type} {r}"));
        script.Add("send");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var result = await CliWrap.Cli.Wrap("knsupdate").WithArguments(["-t", "3"]).WithStandardInputPipe(PipeSource.FromString(string.Join('\n', script) + "\n"))
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(timeout.Token);
        Assert.True(result.ExitCode == 0, result.StandardError);
    }

    /// <summary>A TXT value as quoted strings of at most 250 bytes (a DNS character-string holds 255).</summary>
    public static string Txt(string value) => string.Join(' ', value.Chunk(250).Select(c => $"\"{new string(c)}\""));
}
