using System.Security.Cryptography.X509Certificates;

namespace Tailwart.Core.Tls;

/// <summary>
/// The chain policies tailwart judges certificates with: nothing is downloaded and revocation is not
/// checked. By default .NET fetches a missing intermediate from the certificate's AIA URL: a call to
/// the internet that tailwart did not time and that hides the very fault users hit (a leaf imported
/// without its chain), which mail clients and MTAs, fetching nothing, reject.
/// </summary>
public static class OfflineChainPolicy
{
    /// <summary>The system's roots, with what the server sent as the only other certificates.</summary>
    public static X509ChainPolicy SystemRoots() => new()
    {
        DisableCertificateDownloads = true,
        RevocationMode = X509RevocationMode.NoCheck,
    };

    /// <summary>Only <paramref name="anchors"/> (a private or lab CA) as roots, with <paramref name="sent"/> as intermediates.</summary>
    public static X509ChainPolicy CustomRoots(X509Certificate2Collection anchors, IEnumerable<X509Certificate2> sent)
    {
        X509ChainPolicy policy = SystemRoots();
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(anchors);
        foreach (X509Certificate2 c in sent)
            policy.ExtraStore.Add(c);
        return policy;
    }
}
