using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Tailwart.Lab.Stalwart;

/// <summary>
/// Certificates per SNI (stalwart.md §6): a map keyed by name (wildcard <c>*.d</c> stored under <c>d</c>);
/// lookup = exact SNI, SNI minus first label, the <c>*</c> default, the only cert, any cert; an empty
/// map serves the self-signed fallback whose subject and issuer CN are <c>rcgen self signed cert</c>
/// (ECDSA P-256, 1975-01-01 → 4096-01-01, SAN localhost) and logs <c>tls.no-certificates-available</c>.
/// The map is rebuilt only by a certificate reload, from what the store holds.
/// Each certificate is prepared for TLS once, when loaded, with the chain its PEM carries, as Stalwart
/// builds one rustls CertifiedKey per certificate (build_certified_key): it sends that chain, and does
/// not redo the preparation on every handshake.
/// </summary>
internal sealed class CertStore(Store store)
{
    public const string FallbackCommonName = "rcgen self signed cert";
    private readonly SslStreamCertificateContext _fallback = SslStreamCertificateContext.Create(CreateFallback(), null, offline: true);
    private volatile Dictionary<string, SslStreamCertificateContext> _byName = new(StringComparer.OrdinalIgnoreCase);

    public bool HasCertificates => _byName.Count > 0;

    public SslStreamCertificateContext Select(string? sni, string listenerId)
    {
        var map = _byName;
        if (map.Count == 0)
        {
            StalwartLog.Warn("No SNI certificates available", "tls.no-certificates-available",
                ("listenerId", listenerId), ("hostname", sni ?? ""), ("details", "Using self-signed fallback certificate"));
            return _fallback;
        }
        if (!string.IsNullOrEmpty(sni))
        {
            if (map.TryGetValue(sni, out var exact)) return exact;
            var dot = sni.IndexOf('.', StringComparison.Ordinal);
            if (dot > 0 && map.TryGetValue(sni[(dot + 1)..], out var parent)) return parent;
        }
        if (map.TryGetValue("*", out var def)) return def;
        var distinct = map.Values.Distinct().ToList();
        if (distinct.Count > 1)
            StalwartLog.Warn("Multiple certificates available", "tls.multiple-certificates-available", ("hostname", sni ?? ""));
        return distinct[0];
    }

    /// <summary>
    /// The fallback on this listener although certificates exist: the lab's imitation of what users
    /// report (stalwart#3294: rcgen on 993/995/465 despite a configured certificate; stalwart#3222),
    /// switched on per listener by <c>control/tls-fallback-listeners</c>. Not a Stalwart setting.
    /// </summary>
    public SslStreamCertificateContext Fallback(string? sni, string listenerId)
    {
        StalwartLog.Warn("No SNI certificates available", "tls.no-certificates-available",
            ("listenerId", listenerId), ("hostname", sni ?? ""), ("details", "Using self-signed fallback certificate"));
        return _fallback;
    }

    /// <summary>Validates a PEM pair (throws <see cref="CryptographicException"/> when unusable).</summary>
    public static X509Certificate2 Load(string certPem, string keyPem)
    {
        using var pem = X509Certificate2.CreateFromPem(certPem, keyPem);
        // Round-trip through PKCS#12 so SslStream gets a persisted-key certificate on every platform.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>Rebuilds the map from the store (certificate reload / boot). Store down ⇒ map unchanged.</summary>
    public async Task ReloadAsync(CancellationToken ct)
    {
        if (!store.Available) return;
        List<CertRecord> rows;
        try
        {
            rows = await store.ReadCertificatesAsync(ct);
        }
        catch (StoreUnavailableException)
        {
            return;
        }
        var map = new Dictionary<string, SslStreamCertificateContext>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows)
        {
            try
            {
                var cert = Load(row.CertPem, row.KeyPem);
                var context = SslStreamCertificateContext.Create(cert, Intermediates(row.CertPem, cert), offline: true);
                foreach (var name in Names(cert)) map.TryAdd(name.StartsWith("*.", StringComparison.Ordinal) ? name[2..] : name, context);
                if (row.Id == "default") map["*"] = context;
            }
            catch (CryptographicException e)
            {
                StalwartLog.Error("Configuration build error", "config.build-error",
                    ("details", $"Build error for key \"certificate.{row.Id}\": Failed to read certificates: {e.Message}"));
            }
        }
        _byName = map;
    }

    /// <summary>The certificates after the leaf in a PEM bundle: the chain Stalwart sends with it.</summary>
    private static X509Certificate2Collection Intermediates(string certPem, X509Certificate2 leaf)
    {
        var all = new X509Certificate2Collection();
        all.ImportFromPem(certPem);
        var rest = new X509Certificate2Collection();
        foreach (var c in all)
            if (!c.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span))
                rest.Add(c);
        return rest;
    }

    public static IEnumerable<string> Names(X509Certificate2 cert)
    {
        var san = cert.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        var names = san?.EnumerateDnsNames().ToList() ?? [];
        var cn = cert.GetNameInfo(X509NameType.SimpleName, false);
        if (names.Count == 0 && !string.IsNullOrEmpty(cn)) names.Add(cn);
        return names;
    }

    private static X509Certificate2 CreateFallback()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var req = new CertificateRequest("CN=" + FallbackCommonName, key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        req.CertificateExtensions.Add(san.Build());
        using var cert = req.CreateSelfSigned(new DateTimeOffset(1975, 1, 1, 0, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(4096, 1, 1, 0, 0, 0, TimeSpan.Zero));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null);
    }
}
