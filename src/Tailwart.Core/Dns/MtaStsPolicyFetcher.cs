using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Tailwart.Core.Tls;

namespace Tailwart.Core.Dns;

/// <summary>
/// Fetches <c>https://mta-sts.&lt;domain&gt;/.well-known/mta-sts.txt</c> the way RFC 8461 §3.3 says a
/// sender does: HTTPS only, a certificate valid for the name and chained to a trusted root, no
/// redirects, status 200. Names resolve through the configured resolver (like every other tailwart
/// lookup); the body is capped at 64 KB; the whole fetch is bounded by one timeout. Every failure is
/// an <see cref="MtaStsFetch.Problem"/>, never an exception.
/// </summary>
/// <param name="trustAnchors">Extra roots (a private or lab CA) a chain may end in, besides the system's.</param>
internal sealed class MtaStsPolicyFetcher(HostResolver resolver, TimeSpan timeout, X509Certificate2Collection? trustAnchors = null)
{
    private const int MaxBody = 64 * 1024;

    public async Task<MtaStsFetch> FetchAsync(string domain, CancellationToken ct = default)
    {
        string url = $"https://mta-sts.{domain.TrimEnd('.')}/.well-known/mta-sts.txt";
        string? tlsProblem = null;
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false, // RFC 8461 §3.3: redirects MUST NOT be followed
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = timeout,
            ConnectCallback = ConnectAsync,
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = OfflineChainPolicy.SystemRoots(),
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                {
                    tlsProblem = TlsProblem(certificate, chain, errors);
                    return tlsProblem is null;
                },
            },
        };
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.UserAgent.Add(new ProductInfoHeaderValue("tailwart", null));
            using HttpResponseMessage response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            string? type = response.Content.Headers.ContentType?.MediaType;
            if (response.StatusCode != HttpStatusCode.OK)
                return new MtaStsFetch(url, null, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}" + (response.Headers.Location is { } to ? $" (redirect to {to}; not followed)" : ""), type);
            string body = await ReadCappedAsync(response, deadline.Token).ConfigureAwait(false);
            return new MtaStsFetch(url, MtaStsPolicy.Parse(body), null, type);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new MtaStsFetch(url, null, $"no answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            return new MtaStsFetch(url, null, tlsProblem is null ? Describe(e) : $"TLS: {tlsProblem}");
        }
        catch (UserFacingException e)
        {
            return new MtaStsFetch(url, null, e.Message);
        }
        catch (InvalidDataException e)
        {
            return new MtaStsFetch(url, null, e.Message);
        }
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        IReadOnlyList<IPAddress> addresses = await resolver.ResolveAsync(context.DnsEndPoint.Host, ct).ConfigureAwait(false);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses.ToArray(), context.DnsEndPoint.Port, ct).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Null when a sender would accept the certificate: valid for the name, chained to a system root or to one of the extra anchors.</summary>
    private string? TlsProblem(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
            return null;
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable) || certificate is null)
            return "no certificate";
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            return $"the certificate ({certificate.Subject}) does not cover the mta-sts name";
        if (trustAnchors is { Count: > 0 })
        {
            using var custom = new X509Chain { ChainPolicy = OfflineChainPolicy.CustomRoots(trustAnchors, chain?.ChainPolicy.ExtraStore ?? []) };
            using var leaf = new X509Certificate2(certificate);
            if (custom.Build(leaf))
                return null;
        }
        return $"untrusted chain ({certificate.Issuer}): " + string.Join(", ", chain?.ChainStatus.Select(s => s.Status.ToString()).Distinct() ?? []);
    }

    private static async Task<string> ReadCappedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using Stream stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        byte[] buffer = new byte[MaxBody + 1];
        int total = 0, n;
        while (total < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(total), ct).ConfigureAwait(false)) > 0)
            total += n;
        if (total > MaxBody)
            throw new InvalidDataException($"the policy is larger than {MaxBody / 1024} KB");
        return Encoding.UTF8.GetString(buffer, 0, total);
    }

    private static string Describe(HttpRequestException e) =>
        e.InnerException is SocketException s ? $"{s.SocketErrorCode}: {s.Message}" : e.InnerException?.Message ?? e.Message;
}
