using System.Globalization;
using Tailwart.Core.Certs;
using Tailwart.Core.Checks;
using Tailwart.Core.Tls;

namespace Tailwart.Core.Presenting;

/// <summary>
/// A certificate sweep as a picture: per path a matrix of hostnames × ports whose cells are a letter
/// (which certificate) and a short verdict, then one legend line per distinct certificate. 6 hostnames
/// × 6 ports × 2 paths were 72 near-identical lines; identical certificates are now said once
/// ("all 36 endpoints serve Stalwart's rcgen fallback: lesson 1"). Every line carries the full
/// detail of what it stands for, for the TUI's Enter and for nobody to have to guess.
/// </summary>
public static class CertsPresenter
{
    public const int CellWidth = 7;

    public static IReadOnlyList<PresentedLine> Present(CertsOutcome outcome, DateTimeOffset now)
    {
        var lines = new List<PresentedLine>();
        if (outcome.SweepRefused && outcome.Observations.Count == 0)
            lines.Add(new PresentedLine("! the sweep was refused by the probe budget; nothing was probed", Severity.Warning, "The sweep shares the probe budget with `tailwart probe` (one probe per target and port per interval); run it again later."));
        foreach (var path in outcome.Observations.GroupBy(o => o.Path, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            lines.AddRange(Matrix(path.Key, [.. path], now));
        if (outcome.Budget is { } b)
        {
            string text = b.SafeNow
                ? $"Let's Encrypt budget: safe to retry now ({b.DuplicatesLast7Days}/5 duplicates this week, {b.FailedValidationsLastHour}/5 failed validations this hour)"
                : $"Let's Encrypt budget: NOT safe to retry before {b.SafeFrom:yyyy-MM-dd HH:mm}Z";
            lines.Add(new PresentedLine(text, b.SafeNow ? Severity.Ok : Severity.Warning, text));
        }
        lines.Add(PresentedLine.Plain(""));
        lines.AddRange(FindingPresenter.Present(outcome.Findings));
        return lines;
    }

    /// <summary>One path's matrix: a header line, one row per hostname, a legend line per certificate.</summary>
    public static IReadOnlyList<PresentedLine> Matrix(string path, IReadOnlyList<CertObservation> observations, DateTimeOffset now)
    {
        var ports = observations.Select(o => o.Port).Distinct().Order().ToList();
        var hosts = observations.Select(o => o.Hostname).Distinct().Order(StringComparer.Ordinal).ToList();
        var certs = observations.Where(o => o.Certificate is not null).GroupBy(o => o.Certificate!.Sha256Fingerprint, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        var letter = certs.Select((g, i) => (g.Key, Letter: Letter(i))).ToDictionary(x => x.Key, x => x.Letter, StringComparer.Ordinal);
        int hostWidth = Math.Max(8, hosts.Select(h => h.Length).DefaultIfEmpty(0).Max());
        var lines = new List<PresentedLine>();

        string summary = Summary(path, observations, certs.Count);
        string meaning = path == "edge" ? "edge: through the edge, as the world sees it (mail ports via PROXY)" : $"{path}: inside the sidecar's network namespace, Stalwart's own listeners";
        lines.Add(new PresentedLine(summary, observations.Select(o => Verdict(o, now).Severity).DefaultIfEmpty(Severity.Ok).Max(), summary + "\n\n" + meaning));
        string header = "  " + "".PadRight(hostWidth) + string.Concat(ports.Select(p => p.ToString(CultureInfo.InvariantCulture).PadLeft(CellWidth)));
        lines.Add(PresentedLine.Plain(header));
        foreach (string host in hosts)
        {
            var row = ports.Select(p => observations.FirstOrDefault(o => o.Hostname == host && o.Port == p)).ToList();
            string cells = string.Concat(row.Select(o => (o is null ? "" : Cell(o, letter, now)).PadLeft(CellWidth)));
            Severity worst = row.OfType<CertObservation>().Select(o => Verdict(o, now).Severity).DefaultIfEmpty(Severity.Ok).Max();
            string detail = string.Join("\n\n", row.OfType<CertObservation>().Select(o => Detail(o, letter, now)));
            string mark = SeverityMark.Symbol(worst);
            // each cell opens on its own (the TUI's cell cursor): the row's text is mark, space, host, then the cells
            int first = mark.Length + 1 + hostWidth;
            var openable = row.Select((o, i) => new PresentedCell(first + i * CellWidth, CellWidth,
                o is null ? $"{path} {host}:{ports[i].ToString(CultureInfo.InvariantCulture)}: not observed in this sweep" : Detail(o, letter, now))).ToList();
            lines.Add(new PresentedLine($"{mark} {host.PadRight(hostWidth)}{cells}", worst, detail) { Cells = openable });
        }
        foreach (var group in certs)
        {
            ServedCertificate c = group.First().Certificate!;
            string text = $"  {letter[group.Key]} = {c.Subject} · issuer {c.Issuer} · {c.DaysLeft(now)}d left · {group.Count()} endpoint{(group.Count() == 1 ? "" : "s")}{(c.IsStalwartFallback ? " · Stalwart's rcgen fallback (lesson 1)" : "")}";
            lines.Add(new PresentedLine(text, c.IsStalwartFallback ? Severity.Failure : Severity.Ok, text + "\n\n" + Describe(c, now) + "\n\nserved on:\n" + string.Join("\n", group.Select(o => $"  {o.Hostname}:{o.Port}"))));
        }
        lines.Add(PresentedLine.Plain("  FB=fallback EXP=expired Nd=days left NAME=not covered CHAIN=untrusted —=none"));
        lines.Add(PresentedLine.Plain(""));
        return lines;
    }

    /// <summary>A cell's verdict: a few characters and how much it matters.</summary>
    public static (string Text, Severity Severity) Verdict(CertObservation o, DateTimeOffset now)
    {
        if (o.Certificate is not { } c)
            return ("—", Severity.Failure);
        int days = c.DaysLeft(now);
        if (c.IsStalwartFallback)
            return ("FB", Severity.Failure);
        if (days < 0)
            return ("EXP", Severity.Failure);
        if (!HostnameMatcher.Covers(c.SubjectAlternativeNames, o.Hostname))
            return ("NAME", Severity.Failure);
        if (c.ChainProblem is not null)
            return ("CHAIN", Severity.Warning);
        if (days < CertJudge.RenewalWindow.TotalDays)
            return (days.ToString(CultureInfo.InvariantCulture) + "d", Severity.Warning);
        return ("ok", Severity.Ok);
    }

    private static string Cell(CertObservation o, Dictionary<string, string> letter, DateTimeOffset now) =>
        o.Certificate is { } c ? $"{letter[c.Sha256Fingerprint]}:{Verdict(o, now).Text}" : "—";

    private static string Summary(string path, IReadOnlyList<CertObservation> observations, int distinct)
    {
        // Short enough for 80 columns; the path's meaning is in the help and the detail.
        string where = path;
        int served = observations.Count(o => o.Certificate is not null);
        if (distinct == 1 && served == observations.Count)
        {
            ServedCertificate c = observations[0].Certificate!;
            return c.IsStalwartFallback
                ? $"✗ {where}: all {served} endpoints serve Stalwart's rcgen fallback: lesson 1"
                : $"{where}: all {served} endpoints serve one certificate ({c.Subject})";
        }
        return $"{where}: {observations.Count} endpoints, {distinct} distinct certificate{(distinct == 1 ? "" : "s")}, {observations.Count - served} with none";
    }

    private static string Detail(CertObservation o, Dictionary<string, string> letter, DateTimeOffset now)
    {
        var (verdict, severity) = Verdict(o, now);
        string head = $"{o.Path} {o.Hostname}:{o.Port} ({o.Protocol}): {SeverityMark.Symbol(severity)} {verdict}";
        return o.Certificate is { } c ? $"{head}, certificate {letter[c.Sha256Fingerprint]}\n{Describe(c, now)}" : $"{head}\nnothing served: {o.Problem}";
    }

    private static string Describe(ServedCertificate c, DateTimeOffset now) => string.Join("\n",
    [
        $"  subject  {c.Subject}",
        $"  issuer   {c.Issuer}",
        $"  names    {(c.SubjectAlternativeNames.Count == 0 ? "(none)" : string.Join(", ", c.SubjectAlternativeNames))}",
        $"  valid    {c.NotBefore:yyyy-MM-dd} to {c.NotAfter:yyyy-MM-dd} ({c.DaysLeft(now)}d left)",
        $"  key      {c.KeyType}",
        $"  sha256   {c.Sha256Fingerprint}",
        $"  chain    {(c.ChainProblem is null ? "trusted" : c.ChainProblem)}{(c.MissingIntermediate ? " (intermediate left out: serve fullchain.pem)" : "")}",
        .. c.IsStalwartFallback ? ["  Stalwart's self-signed fallback: it has no certificate for this name (lesson 1)"] : Array.Empty<string>(),
    ]);

    private static string Letter(int i) => i < 26 ? ((char)('A' + i)).ToString() : "#" + i.ToString(CultureInfo.InvariantCulture);
}
