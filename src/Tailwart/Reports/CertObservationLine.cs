using Tailwart.Core.Certs;

namespace Tailwart.Cli.Verbs;

/// <summary>One hostname × port × path as --json shows it.</summary>
public sealed record CertObservationLine(string Path, string Hostname, int Port, CertificateLine? Certificate, string? Problem)
{
    public static CertObservationLine From(CertObservation o) =>
        new(o.Path, o.Hostname, o.Port, o.Certificate is null ? null : CertificateLine.From(o.Certificate), o.Problem);
}
