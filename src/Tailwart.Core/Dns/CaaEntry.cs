namespace Tailwart.Core.Dns;

/// <summary>
/// One CAA record with its RFC 8657 parameters parsed: <c>0 issue "letsencrypt.org; accounturi=…; validationmethods=dns-01"</c>.
/// </summary>
public sealed record CaaEntry(string Owner, int Flags, string Tag, string Issuer, IReadOnlyDictionary<string, string> Parameters)
{
    public string? AccountUri => Parameters.GetValueOrDefault("accounturi");

    public IReadOnlyList<string>? ValidationMethods =>
        Parameters.TryGetValue("validationmethods", out string? v) ? v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : null;

    public static CaaEntry Parse(string owner, int flags, string tag, string value)
    {
        string[] parts = value.Split(';', StringSplitOptions.TrimEntries);
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string p in parts.Skip(1).Where(p => p.Length > 0))
        {
            int eq = p.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
                parameters[p[..eq].Trim()] = p[(eq + 1)..].Trim();
        }
        return new CaaEntry(owner, flags, tag.ToLowerInvariant(), parts[0].Trim().ToLowerInvariant(), parameters);
    }

    public override string ToString() => $"{Owner} CAA {Flags} {Tag} \"{Issuer}{string.Concat(Parameters.Select(p => $"; {p.Key}={p.Value}"))}\"";
}
