using DnsClient;
using Tailwart.Core.Checks;

namespace Tailwart.Core.Postmaster;

/// <summary>
/// _dmarc.domain and _smtp._tls.domain: present, exactly one, parses; the DMARC policy said in
/// plain words. Gmail and Yahoo require DMARC of bulk senders since 2024; TLS-RPT is how a sender
/// tells you that your MTA-STS or DANE broke its delivery.
/// </summary>
internal sealed class DmarcCheck(IPostmasterDns dns)
{
    public async Task<IReadOnlyList<Finding>> RunAsync(string domain, CancellationToken ct = default)
    {
        var findings = new List<Finding>();
        DnsAnswer dmarc = await dns.QueryAsync("_dmarc." + domain, QueryType.TXT, ct).ConfigureAwait(false);
        var records = dmarc.Data.Where(t => t.StartsWith("v=DMARC1", StringComparison.OrdinalIgnoreCase)).ToList();
        if (dmarc.IsTemporaryError)
            findings.Add(new("postmaster.dmarc-lookup-failed", Severity.Warning, $"The DMARC record of {domain} could not be read", dmarc.Describe(), null, "Check the zone's name servers and dns.resolver."));
        else if (records.Count == 0)
            findings.Add(new("postmaster.dmarc-missing", Severity.Warning, $"{domain} publishes no DMARC record", dmarc.Describe(), null,
                $"Publish _dmarc.{domain} TXT \"v=DMARC1; p=none; rua=mailto:postmaster@{domain}\", read the reports, then move to p=quarantine."));
        else if (records.Count > 1)
            findings.Add(new("postmaster.dmarc-invalid", Severity.Failure, $"{domain} publishes {records.Count} DMARC records", dmarc.Describe(), null, "Receivers ignore DMARC when there is more than one record (RFC 7489 §6.6.3); keep one."));
        else if (DmarcRecord.Parse(records[0], out string? error) is { } record)
            findings.Add(new(record.Policy == "none" ? "postmaster.dmarc-monitoring" : "postmaster.dmarc-policy", Severity.Info,
                $"DMARC of {domain}: p={record.Policy}", $"_dmarc.{domain} TXT \"{records[0]}\": {record.PlainWords()}", null,
                record.Policy == "none" ? "When the aggregate reports show your mail aligned, tighten to p=quarantine." : "Nothing to do."));
        else
            findings.Add(new("postmaster.dmarc-invalid", Severity.Failure, $"The DMARC record of {domain} does not parse", $"_dmarc.{domain} TXT \"{records[0]}\": {error}", null, "Receivers ignore a record they cannot parse; fix it as the evidence says."));

        DnsAnswer tls = await dns.QueryAsync("_smtp._tls." + domain, QueryType.TXT, ct).ConfigureAwait(false);
        var rpt = tls.Data.Where(t => t.StartsWith("v=TLSRPTv1", StringComparison.OrdinalIgnoreCase)).ToList();
        if (tls.IsTemporaryError)
            findings.Add(new("postmaster.tlsrpt-lookup-failed", Severity.Warning, $"The TLS-RPT record of {domain} could not be read", tls.Describe(), null, "Check the zone's name servers and dns.resolver."));
        else if (rpt.Count == 0)
            findings.Add(new("postmaster.tlsrpt-missing", Severity.Info, $"{domain} publishes no TLS-RPT record", tls.Describe(), null,
                $"Publish _smtp._tls.{domain} TXT \"v=TLSRPTv1; rua=mailto:tlsrpt@{domain}\" to hear from senders when MTA-STS or DANE fails."));
        else if (rpt.Count > 1)
            findings.Add(new("postmaster.tlsrpt-invalid", Severity.Warning, $"{domain} publishes {rpt.Count} TLS-RPT records", tls.Describe(), null, "Senders ignore TLS-RPT when there is more than one record (RFC 8460 §3); keep one."));
        else if (TlsRptRecord.Parse(rpt[0], out string? error) is { } r)
            findings.Add(new("postmaster.tlsrpt-present", Severity.Ok, $"TLS-RPT of {domain}: reports go to {string.Join(", ", r.Reports)}", $"_smtp._tls.{domain} TXT \"{rpt[0]}\"", null, "Nothing to do."));
        else
            findings.Add(new("postmaster.tlsrpt-invalid", Severity.Warning, $"The TLS-RPT record of {domain} does not parse", $"_smtp._tls.{domain} TXT \"{rpt[0]}\": {error}", null, "Fix it as the evidence says; senders ignore a record they cannot parse."));
        return findings;
    }
}
