using System.Net;
using DnsClient;

namespace Tailwart.Core.Dns;

/// <summary>
/// Resolves host names with DnsClient, through the resolver from tailwart.json (dns.resolver) or
/// the system's. Address literals pass through. Every lookup has a timeout.
/// </summary>
internal sealed class HostResolver
{
    private readonly LookupClient _client;

    public HostResolver(string? resolver, TimeSpan timeout)
    {
        var options = resolver is null ? new LookupClientOptions() : new LookupClientOptions(ParseEndpoint(resolver));
        options.Timeout = timeout;
        options.Retries = 1;
        options.UseCache = true;
        options.ThrowDnsErrors = false;
        _client = new LookupClient(options);
    }

    public ILookupClient Client => _client;

    public static IPEndPoint ParseEndpoint(string text)
    {
        if (IPEndPoint.TryParse(text, out IPEndPoint? endpoint))
            return endpoint.Port == 0 ? new IPEndPoint(endpoint.Address, 53) : endpoint;
        throw new UserFacingException($"dns.resolver '{text}' is not an address such as 127.0.0.1 or 127.0.0.1:5353.");
    }

    public async Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken ct)
    {
        if (IPAddress.TryParse(host, out IPAddress? literal))
            return [literal];
        IDnsQueryResponse a;
        var addresses = new List<IPAddress>();
        try
        {
            a = await _client.AskAsync(host, QueryType.A, ct).ConfigureAwait(false);
            addresses.AddRange(a.Answers.ARecords().Select(r => r.Address));
            if (addresses.Count == 0)
            {
                IDnsQueryResponse aaaa = await _client.AskAsync(host, QueryType.AAAA, ct).ConfigureAwait(false);
                addresses.AddRange(aaaa.Answers.AaaaRecords().Select(r => r.Address));
            }
        }
        catch (Exception e) when (DnsFailure.Is(e))
        {
            ct.ThrowIfCancellationRequested();
            throw new UserFacingException($"{host} could not be resolved: {DnsFailure.Describe(e)}.");
        }
        if (addresses.Count == 0)
            throw new UserFacingException($"{host} does not resolve{(a.HasError ? $" ({a.ErrorMessage})" : "")}.");
        return addresses;
    }
}
