namespace Tailwart.Core.Acme;

/// <summary>One certificate issuance as Cert Spotter reports it (with <c>expand=dns_names</c> and <c>expand=issuer</c>).</summary>
public sealed record Issuance(string Id, IReadOnlyList<string> DnsNames, DateTimeOffset NotBefore, DateTimeOffset NotAfter, string? Issuer)
{
    /// <summary>The exact identifier set, the key of Let's Encrypt's duplicate-certificate limit.</summary>
    public string IdentifierSet => string.Join(",", DnsNames.Select(n => n.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal));
}
