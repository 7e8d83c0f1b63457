using Tailwart.Core.Checks;
using Tailwart.Core.Stalwart;

namespace Tailwart.Core.Acme;

/// <summary>
/// Judges Stalwart's ACME configuration before it burns the Let's Encrypt budget: a wildcard
/// can only be proven with DNS-01 (lesson 4: TLS-ALPN-01 and HTTP-01 cannot satisfy it, whatever
/// the edge forwards), and DNS-01 needs a DNS provider Stalwart can publish the TXT record with
/// (lesson 2). One finding per provider and problem, each with its fix.
/// </summary>
public static class AcmeConfigJudge
{
    public const int WildcardLesson = 4;

    public static IReadOnlyList<Finding> Judge(AcmeSettings settings)
    {
        var findings = new List<Finding>();
        bool v015 = settings.Generation == ApiGeneration.Rest015;
        foreach (AcmeProviderSettings p in settings.Providers.Where(p => p.Unused is not null && (p.Domains.Count > 0 || p.Contact.Count > 0)))
            findings.Add(new("acme.provider-unused", Severity.Warning,
                $"Stalwart ignores the ACME provider '{p.Id}': it will order no certificate with it",
                $"provider '{p.Id}': {p.Unused}", 7,
                $"Set acme.{p.Id}.directory (Let's Encrypt: {AcmeProviderSettings.LetsEncryptDirectory}), acme.{p.Id}.contact and acme.{p.Id}.domains, then reload Stalwart and check its answer (tailwart reports the reload's errors)."));
        foreach (AcmeProviderSettings p in settings.Providers.Where(p => p.Domains.Count > 0 && p.Unused is null))
        {
            string evidence = $"provider '{p.Id}' ({p.Directory}): challenge {p.ChallengeName}, names {string.Join(", ", p.Domains)}";
            if (p.RequestsWildcard && !p.IsDnsChallenge)
            {
                string where = v015
                    ? $"set acme.{p.Id}.challenge = dns-01 with acme.{p.Id}.provider and acme.{p.Id}.secret"
                    : $"set x:AcmeProvider '{p.Id}' challengeType to Dns01 and give each domain automatic DNS management (x:Domain.dnsManagement with an x:DnsServer)";
                string alternative = v015
                    ? $"or list the hostnames explicitly in acme.{p.Id}.domains instead of a wildcard"
                    : "or list the hostnames in the domain's subjectAlternativeNames (an empty list with DNS-01 means *.domain)";
                findings.Add(new("acme.wildcard-needs-dns01", Severity.Failure,
                    $"Stalwart asks for a wildcard with {p.ChallengeName}, which cannot issue it",
                    evidence + $". Only DNS-01 can prove control of a wildcard name; {p.ChallengeName} fails every time, and each failure counts against Let's Encrypt's 5 failed validations per hostname per hour.",
                    WildcardLesson, $"{Capitalise(where)}, {alternative}. Forwarding HTTP or TLS challenges through the edge will not help."));
            }
            if (p.IsDnsChallenge && p.DnsProblem is string problem)
            {
                findings.Add(new("acme.dns01-no-provider", Severity.Failure,
                    $"Stalwart's {p.ChallengeName} provider '{p.Id}' has no working DNS provider",
                    evidence + "; " + problem + (v015 ? "" : " (Stalwart fails such orders with \"ACME provider requires DNS challenge but a DNS provider was not configured\")"),
                    WildcardLesson,
                    v015
                        ? $"Set acme.{p.Id}.provider to one of {string.Join(", ", AcmeSettings015.DnsProviders)} and its secret; test the key first (tailwart key-test)."
                        : "Create an x:DnsServer with a working key (tailwart key-test for Spaceship) and point the domain's dnsManagement at it."));
            }
        }
        return findings;
    }

    private static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
