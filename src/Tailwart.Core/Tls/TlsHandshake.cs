using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Tailwart.Core.Tls;

/// <summary>
/// Runs a TLS client handshake over an open stream with SNI and captures the served certificate.
/// Any certificate is accepted for inspection (tailwart reports what it saw; judging is the
/// caller's job), and the chain's own validation result is kept as <see cref="ServedCertificate.ChainProblem"/>.
/// </summary>
internal static class TlsHandshake
{
    public static async Task<(SslStream Stream, ServedCertificate Certificate)> RunAsync(Stream inner, string serverName, TimeSpan timeout, CancellationToken ct)
    {
        string? chainProblem = null;
        IReadOnlyList<string> chain = [];
        IReadOnlyList<byte[]> intermediates = [];
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = serverName,
            EnabledSslProtocols = SslProtocols.None, // the OS default: TLS 1.2 and 1.3
            // Always a full handshake: a resumed session shows no certificate, or the one from the
            // session's first handshake, not what the port serves now (after a reload, say).
            AllowTlsResume = false,
            CertificateChainPolicy = OfflineChainPolicy.SystemRoots(),
            RemoteCertificateValidationCallback = (_, _, x509Chain, errors) =>
            {
                chainProblem = errors == SslPolicyErrors.None ? null : Describe(errors, x509Chain);
                chain = x509Chain?.ChainElements.Select(e => e.Certificate.Subject).ToList() ?? [];
                // What the server sent besides the leaf, so the chain can be judged again against other anchors.
                intermediates = x509Chain?.ChainPolicy.ExtraStore.Select(c => c.RawData).ToList() ?? [];
                return true;
            },
        };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            await ssl.AuthenticateAsClientAsync(options, deadline.Token).ConfigureAwait(false);
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        using var leaf = new X509Certificate2(ssl.RemoteCertificate!);
        return (ssl, Describe(leaf, chain, chainProblem) with { Presented = [leaf.RawData, .. intermediates.Where(d => !d.AsSpan().SequenceEqual(leaf.RawData))] });
    }

    /// <summary>For ports that speak TLS from the first byte: the handshake when <paramref name="tls"/>, else the stream as it is.</summary>
    public static async Task<(Stream Stream, ServedCertificate? Certificate)> WhenAsync(bool tls, Stream inner, string serverName, TimeSpan timeout, CancellationToken ct)
    {
        if (!tls)
            return (inner, null);
        var (ssl, certificate) = await RunAsync(inner, serverName, timeout, ct).ConfigureAwait(false);
        return (ssl, certificate);
    }

    public static ServedCertificate Describe(X509Certificate2 leaf, IReadOnlyList<string> chain, string? chainProblem)
    {
        var sans = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames()).ToList();
        string keyType = leaf.GetECDsaPublicKey() is ECDsa ec ? $"ECDSA P-{ec.KeySize}" : leaf.GetRSAPublicKey() is RSA rsa ? $"RSA {rsa.KeySize}" : leaf.PublicKey.Oid.FriendlyName ?? "unknown";
        return new ServedCertificate(
            leaf.Subject, leaf.Issuer, sans,
            new DateTimeOffset(leaf.NotBefore.ToUniversalTime(), TimeSpan.Zero),
            new DateTimeOffset(leaf.NotAfter.ToUniversalTime(), TimeSpan.Zero),
            keyType,
            Convert.ToHexString(leaf.GetCertHash(HashAlgorithmName.SHA256)),
            chain, chainProblem)
        {
            IssuerUrl = leaf.Extensions.OfType<X509AuthorityInformationAccessExtension>().SelectMany(e => e.EnumerateCAIssuersUris()).FirstOrDefault(),
        };
    }

    private static string Describe(SslPolicyErrors errors, X509Chain? chain)
    {
        var parts = new List<string>();
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            parts.Add("name mismatch");
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
            parts.Add("untrusted chain" + (chain is null ? "" : ": " + string.Join(", ", chain.ChainStatus.Select(s => s.Status.ToString()).Distinct())));
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            parts.Add("no certificate");
        return string.Join("; ", parts);
    }
}
