using Tailwart.Core.Stalwart;

namespace Tailwart.Cli.Verbs;

/// <summary>
/// Stalwart's ACME settings in `tailwart certs --json` (secrets never included): what the lesson-4
/// and CAA accounturi findings were judged against, so a script can see the inputs beside the verdicts.
/// </summary>
public sealed record AcmeLine(string Api, string? AccountUri, string? AccountUriUnknownBecause, IReadOnlyList<AcmeProviderLine> Providers)
{
    public static AcmeLine From(AcmeSettings s) => new(
        s.Generation.ToString(), s.AccountUri, s.AccountUri is null ? s.AccountUriUnknownBecause : null,
        s.Providers.Select(p => new AcmeProviderLine(p.Id, p.Directory, p.ChallengeName, p.Domains, p.RequestsWildcard, p.AccountUri, p.DnsProvider, p.DnsProblem)).ToList());
}

/// <summary>One ACME provider as Stalwart holds it.</summary>
public sealed record AcmeProviderLine(string Id, string Directory, string Challenge, IReadOnlyList<string> Domains, bool RequestsWildcard, string? AccountUri, string? DnsProvider, string? DnsProblem);
