using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using DnsClient;
using Tailwart.Core.Net;

namespace Tailwart.Core.Postmaster;

/// <summary>
/// RFC 7208 check_host() as a receiver runs it: mechanisms in order, include and redirect, the
/// limit of 10 DNS-querying terms (§4.6.4), 2 void lookups, 10 MX names per mx, and a hard cap on
/// queries so a hostile record cannot make tailwart loop. Hand-written over DnsClient rather than
/// ARSoft.Tools.Net 3.6.1: that package drags in the ASP.NET Core framework and BouncyCastle,
/// produces NativeAOT analysis warnings (IL3053) in a warnings-as-errors build, and reports only a
/// verdict where a postmaster needs the matching term and the lookup count.
/// </summary>
internal sealed class SpfEvaluator(IPostmasterDns dns)
{
    public const int LookupLimit = 10;
    public const int VoidLookupLimit = 2;
    public const int MxNameLimit = 10;

    /// <summary>No evaluation makes more queries than this, whatever the records say.</summary>
    public const int QueryCap = 60;

    public async Task<SpfEvaluation> CheckHostAsync(IPAddress ip, string domain, string sender, CancellationToken ct = default)
    {
        var run = new Run(ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip, sender, domain.TrimEnd('.'));
        try
        {
            var (result, matched) = await CheckAsync(run, run.Domain, top: true, ct).ConfigureAwait(false);
            return new SpfEvaluation(result, matched, run.Lookups, run.Voids, result == SpfResult.None ? $"{run.Domain} publishes no SPF record" : null, run.TopRecord);
        }
        catch (SpfAbortException e)
        {
            return new SpfEvaluation(e.Result, null, run.Lookups, run.Voids, e.Message, run.TopRecord);
        }
    }

    private sealed class Run(IPAddress ip, string sender, string domain)
    {
        public IPAddress Ip { get; } = ip;
        public string Sender { get; } = sender;
        public string Domain { get; } = domain;
        public int Lookups { get; set; }
        public int Voids { get; set; }
        public int Queries { get; set; }
        public string? TopRecord { get; set; }
    }

    private async Task<(SpfResult Result, string? Matched)> CheckAsync(Run run, string domain, bool top, CancellationToken ct)
    {
        if (!IsValidDomain(domain))
            return (SpfResult.None, null);
        DnsAnswer txt = await QueryAsync(run, domain, QueryType.TXT, ct).ConfigureAwait(false);
        if (txt.IsTemporaryError)
            throw new SpfAbortException(SpfResult.TempError, $"the TXT lookup of {txt.Describe()}");
        var records = txt.Data.Where(IsSpfRecord).ToList();
        if (records.Count == 0)
            return (SpfResult.None, null);
        if (records.Count > 1)
            throw new SpfAbortException(SpfResult.PermError, $"{domain} publishes {records.Count} SPF records; receivers reject that (RFC 7208 §4.5)");
        if (top)
            run.TopRecord = records[0];

        string? redirect = null;
        var terms = records[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        var mechanisms = new List<string>();
        foreach (string term in terms)
        {
            int eq = term.IndexOf('=', StringComparison.Ordinal);
            int colon = term.IndexOf(':', StringComparison.Ordinal);
            if (eq > 0 && (colon < 0 || eq < colon) && char.IsAsciiLetter(term[0]))
            {
                string name = term[..eq].ToLowerInvariant();
                if (name == "redirect")
                    redirect = redirect is null ? term[(eq + 1)..] : throw new SpfAbortException(SpfResult.PermError, $"{domain}: more than one redirect=");
                // exp= and unknown modifiers do not change the result (§6).
                continue;
            }
            mechanisms.Add(term);
        }

        foreach (string term in mechanisms)
        {
            char q = term[0];
            SpfResult qualifier = q switch { '-' => SpfResult.Fail, '~' => SpfResult.SoftFail, '?' => SpfResult.Neutral, _ => SpfResult.Pass };
            string body = q is '+' or '-' or '~' or '?' ? term[1..] : term;
            var (matches, via) = await MatchesAsync(run, domain, body, ct).ConfigureAwait(false);
            if (matches)
                return (qualifier, via is null ? term : $"{term} → {via}");
        }

        if (redirect is not null)
        {
            Count(run, "redirect=" + redirect);
            string target = Expand(redirect, run, domain);
            var (result, matched) = await CheckAsync(run, target, top: false, ct).ConfigureAwait(false);
            if (result == SpfResult.None)
                throw new SpfAbortException(SpfResult.PermError, $"redirect={target} has no SPF record (RFC 7208 §6.1)");
            return (result, matched is null ? null : $"redirect={target} → {matched}");
        }
        return (SpfResult.Neutral, null);
    }

    private async Task<(bool Matches, string? Via)> MatchesAsync(Run run, string domain, string body, CancellationToken ct)
    {
        int colon = body.IndexOf(':', StringComparison.Ordinal);
        int slash = body.IndexOf('/', StringComparison.Ordinal);
        int nameEnd = colon >= 0 ? colon : slash >= 0 ? slash : body.Length;
        string name = body[..nameEnd].ToLowerInvariant();
        string rest = body[nameEnd..];
        switch (name)
        {
            case "all" when rest.Length == 0:
                return (true, null);
            case "ip4":
            case "ip6":
                {
                    if (!rest.StartsWith(':') || !Cidr.TryParse(rest[1..], out Cidr? net)
                        || (net.Network.AddressFamily == AddressFamily.InterNetwork) != (name == "ip4"))
                        throw new SpfAbortException(SpfResult.PermError, $"{domain}: '{body}' is not a valid {name} network");
                    return (net.Contains(run.Ip), null);
                }
            case "include":
                {
                    Count(run, body);
                    string target = Expand(Spec(rest, domain, body, required: true), run, domain);
                    var (result, matched) = await CheckAsync(run, target, top: false, ct).ConfigureAwait(false);
                    return result switch
                    {
                        SpfResult.Pass => (true, matched),
                        SpfResult.None => throw new SpfAbortException(SpfResult.PermError, $"include:{target} has no SPF record (RFC 7208 §5.2)"),
                        _ => (false, null),
                    };
                }
            case "a":
            case "mx":
                {
                    Count(run, body);
                    var (spec, v4, v6) = SplitCidr(rest, domain, body);
                    string target = Expand(Spec(spec, domain, body, required: false), run, domain);
                    int prefix = run.Ip.AddressFamily == AddressFamily.InterNetwork ? v4 : v6;
                    if (name == "a")
                        return (await AddressMatchesAsync(run, target, prefix, countVoid: true, ct).ConfigureAwait(false), null);
                    DnsAnswer mx = await QueryAsync(run, target, QueryType.MX, ct).ConfigureAwait(false);
                    Void(run, mx);
                    if (mx.Data.Count > MxNameLimit)
                        throw new SpfAbortException(SpfResult.PermError, $"mx:{target} has {mx.Data.Count} MX names; at most {MxNameLimit} are looked up (RFC 7208 §4.6.4)");
                    foreach (string exchange in mx.Data)
                    {
                        if (await AddressMatchesAsync(run, exchange, prefix, countVoid: false, ct).ConfigureAwait(false))
                            return (true, exchange);
                    }
                    return (false, null);
                }
            case "exists":
                {
                    Count(run, body);
                    string target = Expand(Spec(rest, domain, body, required: true), run, domain);
                    DnsAnswer a = await QueryAsync(run, target, QueryType.A, ct).ConfigureAwait(false);
                    Void(run, a);
                    return (a.Data.Count > 0, null);
                }
            case "ptr":
                {
                    // Deprecated (§5.5) and slow; evaluated as specified so the verdict is a receiver's.
                    Count(run, body);
                    string target = Expand(Spec(rest, domain, body, required: false), run, domain);
                    DnsAnswer ptr = await QueryAsync(run, ReverseDns.PointerName(run.Ip), QueryType.PTR, ct).ConfigureAwait(false);
                    foreach (string host in ptr.Data.Take(MxNameLimit))
                    {
                        bool under = host.Equals(target, StringComparison.OrdinalIgnoreCase) || host.EndsWith("." + target, StringComparison.OrdinalIgnoreCase);
                        if (under && await AddressMatchesAsync(run, host, run.Ip.AddressFamily == AddressFamily.InterNetwork ? 32 : 128, countVoid: false, ct).ConfigureAwait(false))
                            return (true, host);
                    }
                    return (false, null);
                }
            default:
                throw new SpfAbortException(SpfResult.PermError, $"{domain}: unknown mechanism '{body}'");
        }
    }

    private async Task<bool> AddressMatchesAsync(Run run, string host, int prefix, bool countVoid, CancellationToken ct)
    {
        bool v4 = run.Ip.AddressFamily == AddressFamily.InterNetwork;
        DnsAnswer a = await QueryAsync(run, host, v4 ? QueryType.A : QueryType.AAAA, ct).ConfigureAwait(false);
        if (countVoid)
            Void(run, a);
        return a.Data.Select(d => IPAddress.TryParse(d, out IPAddress? x) ? x : null).OfType<IPAddress>()
            .Any(x => new Cidr(x, prefix).Contains(run.Ip));
    }

    private async Task<DnsAnswer> QueryAsync(Run run, string name, QueryType type, CancellationToken ct)
    {
        if (++run.Queries > QueryCap)
            throw new SpfAbortException(SpfResult.PermError, $"evaluation stopped after {QueryCap} DNS queries");
        DnsAnswer answer = await dns.QueryAsync(name, type, ct).ConfigureAwait(false);
        if (type != QueryType.TXT && answer.IsTemporaryError)
            throw new SpfAbortException(SpfResult.TempError, $"the {type} lookup of {answer.Describe()}");
        return answer;
    }

    private static void Count(Run run, string term)
    {
        if (++run.Lookups > LookupLimit)
            throw new SpfAbortException(SpfResult.PermError, $"more than {LookupLimit} DNS lookups (at '{term}'); receivers stop there and treat the record as broken (RFC 7208 §4.6.4)");
    }

    private static void Void(Run run, DnsAnswer answer)
    {
        if (answer.IsVoid && ++run.Voids > VoidLookupLimit)
            throw new SpfAbortException(SpfResult.PermError, $"more than {VoidLookupLimit} lookups found nothing (the last: {answer.Describe()}); RFC 7208 §4.6.4");
    }

    private static string Spec(string rest, string domain, string body, bool required)
    {
        if (rest.Length == 0)
            return required ? throw new SpfAbortException(SpfResult.PermError, $"{domain}: '{body}' needs a domain") : domain;
        return rest.StartsWith(':') && rest.Length > 1 ? rest[1..] : throw new SpfAbortException(SpfResult.PermError, $"{domain}: '{body}' is malformed");
    }

    /// <summary>"[:domain][/v4][//v6]" → the domain part and both prefix lengths.</summary>
    private static (string Spec, int V4, int V6) SplitCidr(string rest, string domain, string body)
    {
        int v4 = 32, v6 = 128;
        int dual = rest.IndexOf("//", StringComparison.Ordinal);
        if (dual >= 0)
        {
            v6 = Prefix(rest[(dual + 2)..], 128, domain, body);
            rest = rest[..dual];
        }
        int single = rest.LastIndexOf('/');
        if (single >= 0)
        {
            v4 = Prefix(rest[(single + 1)..], 32, domain, body);
            rest = rest[..single];
        }
        return (rest, v4, v6);
    }

    private static int Prefix(string text, int max, string domain, string body) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int p) && p <= max ? p
            : throw new SpfAbortException(SpfResult.PermError, $"{domain}: '{body}' has a bad prefix length");

    /// <summary>RFC 7208 §7 macros: s l o d i v h (p reads as "unknown", sparing a PTR lookup), with digits and r.</summary>
    internal static string Expand(string spec, string sender, IPAddress ip, string domain)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < spec.Length; i++)
        {
            if (spec[i] != '%')
            {
                sb.Append(spec[i]);
                continue;
            }
            if (i + 1 >= spec.Length)
                throw new SpfAbortException(SpfResult.PermError, $"'{spec}' ends in a lone %");
            char next = spec[++i];
            if (next == '%') { sb.Append('%'); continue; }
            if (next == '_') { sb.Append(' '); continue; }
            if (next == '-') { sb.Append("%20"); continue; }
            int close = spec.IndexOf('}', i);
            if (next != '{' || close < 0)
                throw new SpfAbortException(SpfResult.PermError, $"'{spec}' has a malformed macro");
            string macro = spec[(i + 1)..close];
            i = close;
            sb.Append(Macro(macro, sender, ip, domain, spec));
        }
        return sb.ToString();
    }

    private static string Expand(string spec, Run run, string domain) => Expand(spec, run.Sender, run.Ip, domain);

    private static string Macro(string macro, string sender, IPAddress ip, string domain, string spec)
    {
        if (macro.Length == 0)
            throw new SpfAbortException(SpfResult.PermError, $"'{spec}' has an empty macro");
        int at = sender.IndexOf('@', StringComparison.Ordinal);
        string value = char.ToLowerInvariant(macro[0]) switch
        {
            's' => sender,
            'l' => at > 0 ? sender[..at] : "postmaster",
            'o' => at >= 0 ? sender[(at + 1)..] : sender,
            'd' or 'h' => domain,
            'i' => ip.AddressFamily == AddressFamily.InterNetwork ? ip.ToString() : string.Join('.', Convert.ToHexString(ip.GetAddressBytes()).ToLowerInvariant().ToCharArray()),
            'v' => ip.AddressFamily == AddressFamily.InterNetwork ? "in-addr" : "ip6",
            'p' => "unknown",
            _ => throw new SpfAbortException(SpfResult.PermError, $"'{spec}' uses an unknown macro letter '{macro[0]}'"),
        };
        string transformers = macro[1..];
        int digitsEnd = 0;
        while (digitsEnd < transformers.Length && char.IsAsciiDigit(transformers[digitsEnd]))
            digitsEnd++;
        int keep = digitsEnd > 0 ? int.Parse(transformers[..digitsEnd], CultureInfo.InvariantCulture) : int.MaxValue;
        transformers = transformers[digitsEnd..];
        bool reverse = transformers.StartsWith('r') || transformers.StartsWith('R');
        string delimiters = reverse ? transformers[1..] : transformers;
        if (delimiters.Any(c => !".-+,/_=".Contains(c, StringComparison.Ordinal)))
            throw new SpfAbortException(SpfResult.PermError, $"'{spec}' has a bad macro delimiter");
        char[] split = delimiters.Length == 0 ? ['.'] : delimiters.ToCharArray();
        var parts = value.Split(split).ToList();
        if (reverse)
            parts.Reverse();
        if (keep == 0)
            throw new SpfAbortException(SpfResult.PermError, $"'{spec}' keeps zero labels");
        return string.Join('.', parts.Skip(Math.Max(0, parts.Count - keep)));
    }

    private static bool IsSpfRecord(string txt) =>
        txt.Equals("v=spf1", StringComparison.OrdinalIgnoreCase) || txt.StartsWith("v=spf1 ", StringComparison.OrdinalIgnoreCase);

    private static bool IsValidDomain(string domain) =>
        domain.Length is > 0 and <= 253 && domain.Split('.').All(l => l.Length is > 0 and <= 63);
}
