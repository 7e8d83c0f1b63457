using Tailwart.Core.BringUp;
using Tailwart.Core.Presenting;

namespace Tailwart.Tests.Presenting;

public sealed class TextWrapTests
{
    [Theory]
    [InlineData(80)]
    [InlineData(40)]
    [InlineData(17)]
    public void Wrapping_keeps_every_word_in_order_within_the_width_with_a_hanging_indent(int width)
    {
        string line = "  fix:  " + Samples.LongFinding().Fix + " " + new string('x', 50);

        var rows = TextWrap.Wrap(line, width, 8);

        Assert.All(rows, r => Assert.True(r.Length <= width, r));
        Assert.All(rows.Skip(1), r => Assert.StartsWith(new string(' ', Math.Min(8, width * 2 / 3)), r, StringComparison.Ordinal));
        Assert.Equal(line.Replace(" ", "", StringComparison.Ordinal), string.Concat(rows).Replace(" ", "", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bring_up_line_reads_like_the_cli_and_wraps_under_its_evidence()
    {
        var e = new BringUpEvent(BringUpStep.SidecarHealthy, StepStatus.Succeeded, TimeSpan.FromSeconds(4.2), "ts-stalwart healthy after 3 checks; tailscale status says Running with a MagicDNS name", Samples.Now);

        string line = BringUpPresenter.Line(e);
        var rows = TextWrap.Wrap(line, 70, BringUpPresenter.EvidenceColumn);

        Assert.StartsWith("[   4.2s] sidecar healthy   ok      ts-stalwart", line, StringComparison.Ordinal);
        Assert.Equal(BringUpPresenter.EvidenceColumn, line.IndexOf("ts-stalwart", StringComparison.Ordinal));
        Assert.True(rows.Count > 1);
        Assert.All(rows.Skip(1), r => Assert.Matches("^ {36}[^ ]", r));
    }

    [Fact]
    public void The_waiting_line_counts_the_wait_and_says_what_it_waits_for()
    {
        var started = new BringUpEvent(BringUpStep.RouteVerified, StepStatus.Started, TimeSpan.FromSeconds(5), "waiting for a PostgreSQL login from the sidecar's netns", Samples.Now);

        Assert.Equal("[  17.0s] route verified    waiting 12s so far: waiting for a PostgreSQL login from the sidecar's netns", BringUpPresenter.Waiting(started, TimeSpan.FromSeconds(17)));
        Assert.Contains("Stalwart is not started", BringUpPresenter.HalfDone(started), StringComparison.Ordinal);
    }
}
