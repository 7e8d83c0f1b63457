using Tailwart.Core.Secrets;

namespace Tailwart.Core.Config;

/// <summary>
/// The whole of tailwart.json, after schema validation; secrets are still references here and are
/// resolved late by <see cref="SecretResolver"/>. Treat it as immutable: optional keys with a default
/// have setters only because System.Text.Json's source generator assigns every init-only property,
/// which would overwrite a default with zero when the key is left out.
/// </summary>
public sealed record TailwartConfig
{
    public required ComposeSettings Compose { get; init; }
    public required ServiceNames Services { get; init; }
    public required PostgresSettings Postgres { get; init; }
    public required TailnetSettings Tailnet { get; init; }
    public required MailSettings Mail { get; init; }
    public required EdgeSettings Edge { get; init; }
    public required StalwartSettings Stalwart { get; init; }
    public SpaceshipSettings? Spaceship { get; init; }
    public CertspotterSettings? Certspotter { get; init; }
    public ProbeSettings Probes { get; set; } = new();
    public DnsSettings Dns { get; set; } = new();
    public PostmasterSettings Postmaster { get; set; } = new();
    public LogSettings Logs { get; set; } = new();
    public UiSettings Ui { get; set; } = new();
    public NotifySettings Notify { get; set; } = new();

    /// <summary>The file this config came from; relative paths inside it are resolved against its directory.</summary>
    public string SourcePath { get; set; } = "";

    /// <summary>Every secret reference in the config, with its JSON path, for resolution and redaction.</summary>
    public IEnumerable<(string Path, SecretReference Reference)> SecretReferences()
    {
        yield return ("$.postgres.password", Postgres.Password);
        yield return ("$.stalwart.adminPassword", Stalwart.AdminPassword);
        if (Spaceship is not null)
        {
            yield return ("$.spaceship.apiKey", Spaceship.ApiKey);
            yield return ("$.spaceship.apiSecret", Spaceship.ApiSecret);
        }
        if (Notify.Url is { } url)
            yield return ("$.notify.url", url);
    }

    /// <summary>Resolves a path from the config (compose directory, secret file) against the config file's directory.</summary>
    public string ResolvePath(string path) =>
        Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(SourcePath) ?? ".", path));
}
