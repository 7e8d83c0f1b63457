namespace Tailwart.Core.Stalwart;

/// <summary>The operations tailwart needs, spoken in one generation's dialect over one access path.</summary>
internal interface IStalwartApi
{
    ApiGeneration Generation { get; }

    /// <summary>The server's version if the API gives it; also proves the credential (an authenticated call).</summary>
    Task<string?> VersionAsync(StalwartHttp http, CancellationToken ct);

    Task<IpList> ListAsync(StalwartHttp http, IpListKind kind, CancellationToken ct);

    /// <summary>Deletes block-list entries, then runs the reload this generation needs for the deletion to take effect.</summary>
    Task RemoveBlockedAsync(StalwartHttp http, IReadOnlyList<IpListEntry> entries, CancellationToken ct);

    /// <summary>Adds allow-list entries, then runs the reload this generation needs.</summary>
    /// <returns>Stalwart's reload warnings (0.15; they do not stop the reload), each "key: type[: detail]"; none on 0.16.</returns>
    Task<IReadOnlyList<string>> AddAllowedAsync(StalwartHttp http, IReadOnlyList<string> addresses, CancellationToken ct);

    /// <summary>Asks Stalwart to reload its TLS certificates (0.15 GET /api/reload/certificate; 0.16 x:Action ReloadTlsCertificates).</summary>
    Task ReloadCertificatesAsync(StalwartHttp http, CancellationToken ct);

    /// <summary>The ACME providers as configured, secrets dropped (0.15 settings <c>acme.*</c>; 0.16 x:AcmeProvider, x:Domain, x:DnsServer).</summary>
    Task<AcmeSettings> AcmeSettingsAsync(StalwartHttp http, CancellationToken ct);

    /// <summary>The DKIM signing keys, private keys never kept (0.15 settings <c>signature.*</c>; 0.16 x:DkimSignature with its computed publicKey).</summary>
    Task<IReadOnlyList<DkimKey>> DkimKeysAsync(StalwartHttp http, CancellationToken ct);

    /// <summary>The listeners Stalwart is configured with (0.15 settings <c>server.listener.*</c>; 0.16 x:NetworkListener).</summary>
    Task<IReadOnlyList<StalwartListener>> ListenersAsync(StalwartHttp http, CancellationToken ct);

    /// <summary>0.16's AcmeRenewal tasks (x:Task); null on 0.15, which keeps no task state over the API (its log says it instead).</summary>
    Task<IReadOnlyList<AcmeRenewalTask>?> AcmeRenewalTasksAsync(StalwartHttp http, CancellationToken ct);
}
