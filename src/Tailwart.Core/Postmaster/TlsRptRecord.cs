namespace Tailwart.Core.Postmaster;

/// <summary>A parsed SMTP TLS Reporting record (RFC 8460 §3): where senders report TLS failures.</summary>
public sealed record TlsRptRecord(IReadOnlyList<string> Reports)
{
    public static TlsRptRecord? Parse(string text, out string? error)
    {
        error = null;
        var tags = TagList.Parse(text);
        if (tags is null || tags.Count == 0 || tags[0].Key != "v" || tags[0].Value != "TLSRPTv1")
        {
            error = "it must start with v=TLSRPTv1";
            return null;
        }
        string? rua = tags.FirstOrDefault(t => t.Key == "rua").Value;
        if (string.IsNullOrWhiteSpace(rua))
        {
            error = "rua= (where to send reports) is required";
            return null;
        }
        var uris = rua.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (uris.FirstOrDefault(u => !u.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) && !u.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) is string bad)
        {
            error = $"rua entry '{bad}' is neither mailto: nor https:";
            return null;
        }
        return new TlsRptRecord(uris);
    }
}
