using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Tailwart.Core.Tls;

/// <summary>
/// Judges a presented chain again against extra trust anchors (a private or lab CA) when the
/// system store did not trust it: with the anchors it counts as trusted, and only the
/// "untrusted chain" part of <see cref="ServedCertificate.ChainProblem"/> is dropped (a name
/// mismatch stays). A chain the system already trusts is left alone.
/// </summary>
public static class ChainTrust
{
    public static ServedCertificate Rejudge(ServedCertificate certificate, X509Certificate2Collection anchors)
    {
        if (anchors.Count == 0 || certificate.Presented.Count == 0 || certificate.ChainProblem?.Contains("untrusted chain", StringComparison.Ordinal) != true)
            return certificate;
        try
        {
            using X509Certificate2 leaf = X509CertificateLoader.LoadCertificate(certificate.Presented[0]);
            using var chain = new X509Chain
            {
                ChainPolicy = OfflineChainPolicy.CustomRoots(anchors, certificate.Presented.Skip(1).Select(X509CertificateLoader.LoadCertificate)),
            };
            if (!chain.Build(leaf))
                return certificate;
            string rest = string.Join("; ", certificate.ChainProblem.Split("; ").Where(p => !p.StartsWith("untrusted chain", StringComparison.Ordinal)));
            return certificate with { ChainProblem = rest.Length == 0 ? null : rest, Chain = chain.ChainElements.Select(e => e.Certificate.Subject).ToList() };
        }
        catch (CryptographicException)
        {
            return certificate;
        }
    }
}
