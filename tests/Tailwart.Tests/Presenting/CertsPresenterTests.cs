using Tailwart.Core.Checks;
using Tailwart.Core.Presenting;

namespace Tailwart.Tests.Presenting;

public sealed class CertsPresenterTests
{
    [Fact]
    public void Seventy_two_fallback_endpoints_become_two_matrices_that_say_it_once_per_path()
    {
        var lines = CertsPresenter.Present(Samples.Sweep((_, _, _) => Samples.Fallback()), Samples.Now).Select(l => l.Text).ToList();

        Assert.Contains("✗ edge: all 36 endpoints serve Stalwart's rcgen fallback: lesson 1", lines);
        Assert.Contains("✗ netns: all 36 endpoints serve Stalwart's rcgen fallback: lesson 1", lines);
        string row = lines.First( l => l.Contains("mail.example.test", StringComparison.Ordinal) && l.StartsWith('✗'));
        Assert.Equal(6, row.Split("A:FB").Length - 1);
        Assert.Equal(2, lines.Count(l => l.StartsWith("  A = CN=rcgen self signed cert", StringComparison.Ordinal) && l.Contains("36 endpoints", StringComparison.Ordinal)));
        Assert.True(lines.Count < 30, $"{lines.Count} lines");
        Assert.All(lines.Where(l => !l.StartsWith("  A =", StringComparison.Ordinal) && !l.StartsWith("  cells", StringComparison.Ordinal)), l => Assert.True(l.Length <= 78, l));
    }

    [Fact]
    public void Distinct_certificates_get_letters_and_each_cell_its_verdict()
    {
        var outcome = Samples.Sweep((path, host, port) =>
            port == 25 ? null : port == 443 && path == "edge" ? Samples.Fallback() : host == "example.test" && port == 993 ? Samples.Issued("bb", daysLeft: 10) : Samples.Issued("aa"));

        var edge = CertsPresenter.Matrix("edge", [.. outcome.Observations.Where(o => o.Path == "edge")], Samples.Now);
        var apex = edge.Single(l => l.Text.Contains(" example.test ", StringComparison.Ordinal));

        Assert.Equal(["—", "A:ok", "B:FB", "A:ok", "A:ok", "C:10d"], apex.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2..]);
        Assert.Equal(Severity.Failure, apex.Severity);
        Assert.Contains("example.test:25 (Https): ✗ —", apex.Detail, StringComparison.Ordinal);
        Assert.Contains("nothing served: connection refused", apex.Detail, StringComparison.Ordinal);
        Assert.Contains("sha256   " + "bb".PadRight(64, '0'), apex.Detail, StringComparison.Ordinal);
        Assert.Contains(edge, l => l.Text.StartsWith("  B = CN=rcgen self signed cert", StringComparison.Ordinal) && l.Text.Contains("6 endpoints", StringComparison.Ordinal));
        Assert.StartsWith("edge: 36 endpoints, 3 distinct certificates, 6 with none", edge[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_the_certificate_does_not_cover_and_an_expired_one_say_so()
    {
        var wrongName = Samples.Issued("aa") with { SubjectAlternativeNames = ["other.test"] };
        var expired = Samples.Issued("cc", daysLeft: -2);
        var o = Samples.Sweep((_, _, _) => null).Observations[0];

        Assert.Equal(("NAME", Severity.Failure), CertsPresenter.Verdict(o with { Certificate = wrongName }, Samples.Now));
        Assert.Equal(("EXP", Severity.Failure), CertsPresenter.Verdict(o with { Certificate = expired }, Samples.Now));
    }
}
