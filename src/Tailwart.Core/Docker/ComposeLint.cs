using System.Net;
using System.Text.RegularExpressions;
using Tailwart.Core.Net;

namespace Tailwart.Core.Docker;

/// <summary>
/// Lints the compose setup for the lesson-1 and lesson-6 traps. Works on text (compose files,
/// .env, Caddyfile) and on the sidecar's healthcheck as Docker created it, so it needs no YAML
/// parser; the service-block scan is a heuristic for the usual two-space layout.
/// </summary>
public static partial class ComposeLint
{
    /// <summary>All findings for the given inputs; empty when nothing is wrong.</summary>
    /// <param name="sidecarHealthcheck">The sidecar's healthcheck test as Docker has it (inspect Config.Healthcheck.Test), null if none.</param>
    /// <param name="files">Compose files, .env and Caddyfiles: (path, text).</param>
    public static IReadOnlyList<ComposeFinding> Lint(
        string sidecar, string stalwart, string postgresHost, int postgresPort,
        IReadOnlyList<string>? sidecarHealthcheck, IEnumerable<(string Path, string Text)> files, Cidr tailnet)
    {
        var findings = new List<ComposeFinding>();
        var all = files.ToList();
        string check = sidecarHealthcheck is null ? "" : string.Join(' ', sidecarHealthcheck);
        if (!check.Contains(postgresHost, StringComparison.Ordinal) && !check.Contains(postgresPort.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))
        {
            findings.Add(new ComposeFinding("compose.sidecar-healthcheck-ignores-postgres",
                $"the {sidecar} healthcheck does not check the route to {postgresHost}:{postgresPort}",
                sidecarHealthcheck is null ? $"{sidecar} has no healthcheck" : $"healthcheck: {check}",
                "lesson 1: /healthz turns green once the node has a tailnet IP, before the route to Postgres works",
                $"add the route to the test, e.g. \"wget -q -O- http://127.0.0.1:9002/healthz >/dev/null && echo | nc -w 2 {postgresHost} {postgresPort} >/dev/null\" (and bring up with `tailwart up`, which proves a real login)"));
        }

        foreach (var (path, text) in all.Where(f => IsComposeFile(f.Path)))
        {
            string? block = ServiceBlock(text, stalwart);
            if (block is null)
                continue;
            bool healthy = block.Contains("service_healthy", StringComparison.Ordinal) && block.Contains(sidecar, StringComparison.Ordinal);
            if (!healthy)
            {
                findings.Add(new ComposeFinding("compose.stalwart-not-gated-on-sidecar-health",
                    $"{stalwart} does not wait for {sidecar} to be healthy",
                    $"{path}: service {stalwart} has no depends_on {sidecar} with condition: service_healthy",
                    "lesson 1: a plain depends_on only orders the start; Stalwart then starts into the Postgres gap",
                    $"depends_on:\n  {sidecar}:\n    condition: service_healthy"));
            }
        }

        foreach (var (path, text) in all)
        {
            var lines = text.Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                if (lines[i].TrimStart().StartsWith('#'))
                    continue;
                foreach (Match m in Ipv4().Matches(lines[i]))
                {
                    if (IPAddress.TryParse(m.Value, out var ip) && tailnet.Contains(ip))
                    {
                        findings.Add(new ComposeFinding("compose.hardcoded-tailnet-address",
                            $"tailnet address {m.Value} hard-coded",
                            $"{path}:{i + 1}: {lines[i].Trim()}",
                            "lesson 6: the sidecar is ephemeral; its tailnet IP changes on re-registration",
                            "use the MagicDNS name instead of the address"));
                    }
                }
            }
        }
        return findings;
    }

    /// <summary>The lines of <paramref name="service"/>'s block under <c>services:</c>, or null.</summary>
    internal static string? ServiceBlock(string yaml, string service)
    {
        var lines = yaml.Replace("\r", "", StringComparison.Ordinal).Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            int indent = line.Length - line.TrimStart().Length;
            string key = line.Trim();
            if (indent == 0 || (key != service + ":" && key != $"\"{service}\":" && key != $"'{service}':"))
                continue;
            var block = new List<string>();
            for (int j = i + 1; j < lines.Length; j++)
            {
                string next = lines[j];
                if (next.Trim().Length == 0 || next.TrimStart().StartsWith('#'))
                    continue;
                if (next.Length - next.TrimStart().Length <= indent)
                    break;
                block.Add(next);
            }
            return string.Join('\n', block);
        }
        return null;
    }

    private static bool IsComposeFile(string path) => path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])")]
    private static partial Regex Ipv4();
}
