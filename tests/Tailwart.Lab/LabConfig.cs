using System.Net;
using System.Text.Json;

namespace Tailwart.Lab;

/// <summary>
/// The parts of <c>tests/lab/tailwart.lab.json</c> the lab helpers need, read without tailwart's
/// own config loader (so the lab does not depend on Core). Secret references are resolved here
/// (<c>file:</c> relative to the config's directory, <c>env:</c>), for tests only.
/// </summary>
public sealed record LabConfig(
    string ConfigPath,
    string ComposeProjectDirectory,
    string ComposeProjectName,
    IReadOnlyList<string> ComposeFiles,
    string SidecarService,
    string StalwartService,
    string EdgeService,
    string PostgresHost,
    int PostgresPort,
    string PostgresDatabase,
    string PostgresUser,
    string PostgresPasswordReference,
    string SidecarMagicDnsName,
    string MailDomain,
    string EdgePublicHostname,
    IPAddress WanIp,
    Uri StalwartAdminUrl,
    string StalwartAdminUser,
    string StalwartAdminPasswordReference,
    IPEndPoint DnsResolver)
{
    /// <summary>Reads the lab config file.</summary>
    public static LabConfig Load(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var r = doc.RootElement;
        string S(params string[] keys)
        {
            var e = r;
            foreach (var k in keys)
            {
                e = e.GetProperty(k);
            }

            return e.ValueKind == JsonValueKind.String
                ? e.GetString()!
                : e.GetRawText();
        }

        var compose = r.GetProperty("compose");
        return new LabConfig(
            Path.GetFullPath(path),
            Path.GetFullPath(Path.Combine(dir, S("compose", "projectDirectory"))),
            S("compose", "projectName"),
            compose.GetProperty("files").EnumerateArray().Select(f => f.GetString()!).ToArray(),
            S("services", "sidecar"),
            S("services", "stalwart"),
            S("services", "edge"),
            S("postgres", "host"),
            r.GetProperty("postgres").GetProperty("port").GetInt32(),
            S("postgres", "database"),
            S("postgres", "user"),
            S("postgres", "password"),
            S("tailnet", "sidecarMagicDnsName"),
            S("mail", "domain"),
            S("edge", "publicHostname"),
            IPAddress.Parse(S("edge", "wanIp")),
            new Uri(S("stalwart", "adminUrl")),
            S("stalwart", "adminUser"),
            S("stalwart", "adminPassword"),
            IPEndPoint.Parse(S("dns", "resolver")));
    }

    /// <summary>Resolves a secret reference (<c>file:</c> or <c>env:</c>) from this config.</summary>
    public string ResolveSecret(string reference)
    {
        if (reference.StartsWith("file:", StringComparison.Ordinal))
        {
            var p = reference["file:".Length..];
            var full = Path.IsPathRooted(p) ? p : Path.Combine(Path.GetDirectoryName(ConfigPath)!, p);
            return File.ReadAllText(full).Trim();
        }

        if (reference.StartsWith("env:", StringComparison.Ordinal))
        {
            return Environment.GetEnvironmentVariable(reference["env:".Length..])
                ?? throw new InvalidOperationException($"environment variable for {reference} is not set");
        }

        return reference;
    }
}
