namespace Tailwart.Core.Stalwart;

/// <summary>
/// Stalwart's ACME configuration as read through its management API, and what could not be
/// learned: 0.15 keeps only the account's private key (<c>acme.&lt;id&gt;.account-key</c>), never
/// its URI, so <see cref="AccountUriUnknownBecause"/> says so instead of guessing.
/// </summary>
public sealed record AcmeSettings(ApiGeneration Generation, string Path, IReadOnlyList<AcmeProviderSettings> Providers, string? AccountUriUnknownBecause)
{
    /// <summary>The account CAA <c>accounturi</c> should pin: the Let's Encrypt provider's, else the first known.</summary>
    public string? AccountUri =>
        Providers.Where(p => p.AccountUri is not null)
            .OrderByDescending(p => p.Directory.Contains("letsencrypt.org", StringComparison.OrdinalIgnoreCase))
            .Select(p => p.AccountUri).FirstOrDefault();
}
