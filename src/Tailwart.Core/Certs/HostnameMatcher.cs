namespace Tailwart.Core.Certs;

/// <summary>RFC 6125 name matching: exact, or a single-label wildcard (<c>*.example.com</c> covers <c>mail.example.com</c>, not <c>example.com</c> or <c>a.b.example.com</c>).</summary>
public static class HostnameMatcher
{
    public static bool Covers(IEnumerable<string> names, string hostname)
    {
        string host = hostname.TrimEnd('.').ToLowerInvariant();
        foreach (string raw in names)
        {
            string name = raw.TrimEnd('.').ToLowerInvariant();
            if (name == host)
                return true;
            if (name.StartsWith("*.", StringComparison.Ordinal))
            {
                int dot = host.IndexOf('.', StringComparison.Ordinal);
                if (dot > 0 && host[(dot + 1)..] == name[2..])
                    return true;
            }
        }
        return false;
    }
}
