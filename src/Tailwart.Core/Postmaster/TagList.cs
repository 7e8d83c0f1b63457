namespace Tailwart.Core.Postmaster;

/// <summary>"k=v; k=v" records (DMARC, TLS-RPT, DKIM): tags in order, names lower-cased; null when a tag is malformed.</summary>
public static class TagList
{
    public static IReadOnlyList<KeyValuePair<string, string>>? Parse(string record)
    {
        var tags = new List<KeyValuePair<string, string>>();
        foreach (string part in record.Split(';'))
        {
            string t = part.Trim();
            if (t.Length == 0)
                continue;
            int eq = t.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
                return null;
            tags.Add(new(t[..eq].Trim().ToLowerInvariant(), t[(eq + 1)..].Trim()));
        }
        return tags;
    }
}
