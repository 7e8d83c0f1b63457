using System.Globalization;
using DnsClient;
using DnsClient.Protocol;
using Tailwart.Core.Dns;

namespace Tailwart.Core.Postmaster;

/// <summary>
/// <see cref="IPostmasterDns"/> over DnsClient, through the configured resolver (dns.resolver), with
/// the DO bit set so a validating resolver returns the AD bit that DANE depends on. Every lookup has
/// the client's timeout; DnsClient's exceptions for a silent or broken resolver become outcomes.
/// </summary>
internal sealed class PostmasterDns : IPostmasterDns
{
    private readonly LookupClient _client;

    public PostmasterDns(string? resolver, TimeSpan timeout)
    {
        var options = resolver is null ? new LookupClientOptions() : new LookupClientOptions(HostResolver.ParseEndpoint(resolver));
        options.Timeout = timeout;
        options.Retries = 1;
        options.UseCache = true;
        options.ThrowDnsErrors = false;
        options.RequestDnsSecRecords = true;
        options.ContinueOnDnsError = false;
        options.ContinueOnEmptyResponse = false;
        _client = new LookupClient(options);
    }

    public async Task<DnsAnswer> QueryAsync(string name, QueryType type, CancellationToken ct = default)
    {
        IDnsQueryResponse r;
        try
        {
            r = await _client.AskAsync(name, type, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (DnsFailure.Is(e) && !ct.IsCancellationRequested)
        {
            bool timeout = e is DnsResponseException { Code: DnsResponseCode.ConnectionTimeout } || e.InnerException is TimeoutException || e.Message.Contains("timed out", StringComparison.OrdinalIgnoreCase);
            return new DnsAnswer(name, timeout ? DnsOutcome.Timeout : DnsOutcome.Error, [], Error: DnsFailure.Describe(e));
        }
        bool ad = r.Header.IsAuthenticData;
        DnsOutcome outcome = r.Header.ResponseCode switch
        {
            DnsHeaderResponseCode.NoError => DnsOutcome.NoData,
            DnsHeaderResponseCode.NotExistentDomain => DnsOutcome.NxDomain,
            DnsHeaderResponseCode.ServerFailure => DnsOutcome.ServFail,
            DnsHeaderResponseCode.Refused => DnsOutcome.Refused,
            _ => DnsOutcome.Error,
        };
        if (outcome != DnsOutcome.NoData)
            return new DnsAnswer(name, outcome, [], ad, r.ErrorMessage);
        var data = r.Answers.Select(record => Text(record, type)).OfType<string>().ToList();
        bool signed = r.Answers.Concat(r.Authorities).OfType<RRSigRecord>().Any();
        return new DnsAnswer(name, data.Count == 0 ? DnsOutcome.NoData : DnsOutcome.Answer, data, ad, Signed: signed);
    }

    private static string? Text(DnsResourceRecord record, QueryType type) => (record, type) switch
    {
        (TxtRecord t, QueryType.TXT) => string.Concat(t.Text),
        (ARecord a, QueryType.A) => a.Address.ToString(),
        (AaaaRecord a, QueryType.AAAA) => a.Address.ToString(),
        (MxRecord m, QueryType.MX) => m.Exchange.Value.TrimEnd('.'),
        (PtrRecord p, QueryType.PTR) => p.PtrDomainName.Value.TrimEnd('.'),
        (DnsClient.Protocol.TlsaRecord t, QueryType.TLSA) => string.Create(CultureInfo.InvariantCulture, $"{(int)t.CertificateUsage} {(int)t.Selector} {(int)t.MatchingType} {Convert.ToHexString(t.CertificateAssociationData.ToArray())}"),
        _ => null,
    };
}
