using Tailwart.Core.Checks;
using Tailwart.Core.Presenting;

namespace Tailwart.Tests.Presenting;

public sealed class FindingPresenterTests
{
    [Fact]
    public void A_finding_shows_its_symbol_severity_title_lesson_and_id_then_the_whole_evidence_and_fix()
    {
        Finding f = Samples.LongFinding();

        var lines = FindingPresenter.Lines(f);

        Assert.Equal("✗ failure: Stalwart serves its self-signed fallback (lesson 1) [certs.fallback-served]", lines[0]);
        Assert.Equal("  seen: " + f.Evidence, lines[1]);
        Assert.Equal("  fix:  " + f.Fix, lines[2]);
        Assert.Contains(f.Fix, FindingPresenter.Detail(f), StringComparison.Ordinal);
        Assert.Contains(f.Evidence, FindingPresenter.Detail(f), StringComparison.Ordinal);
        Assert.Contains("id:       certs.fallback-served", FindingPresenter.Detail(f), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_colour_a_failure_a_warning_and_an_info_still_differ_by_symbol_and_word()
    {
        var headlines = new[] { Severity.Failure, Severity.Warning, Severity.Info }.Select(s => FindingPresenter.Headline(Samples.LongFinding(s))).ToList();

        Assert.StartsWith("✗ failure:", headlines[0], StringComparison.Ordinal);
        Assert.StartsWith("! warning:", headlines[1], StringComparison.Ordinal);
        Assert.StartsWith("· info:", headlines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Findings_come_worst_first_and_every_line_of_one_opens_the_same_detail()
    {
        var lines = FindingPresenter.Present([Samples.LongFinding(Severity.Info), Samples.LongFinding(Severity.Failure)]);

        Assert.Equal(6, lines.Count);
        Assert.Equal(Severity.Failure, lines[0].Severity);
        Assert.Single(lines.Take(3).Select(l => l.Detail).Distinct());
        Assert.Equal("✓ no findings", Assert.Single(FindingPresenter.Present([])).Text);
    }

    [Fact]
    public void A_check_line_says_its_outcome_and_worst_severity()
    {
        var result = new CheckResult("certs", "Certificates", CheckOutcome.Completed, TimeSpan.FromSeconds(1.2), [Samples.LongFinding(Severity.Warning)]);
        var crashed = result with { Outcome = CheckOutcome.Crashed, Findings = [] };

        Assert.Equal("! [certs] 1.2s 1 finding: Certificates", CheckPresenter.Line(result).Text);
        Assert.Contains(result.Findings[0].Fix, CheckPresenter.Line(result).Detail, StringComparison.Ordinal);
        Assert.Equal("✗ [certs] 1.2s crashed: Certificates", CheckPresenter.Line(crashed).Text);
    }
}
