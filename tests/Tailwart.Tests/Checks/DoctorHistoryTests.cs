using Microsoft.Extensions.Time.Testing;
using Tailwart.Core.Checks;

namespace Tailwart.Tests.Checks;

public sealed class DoctorHistoryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tw-history-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static Finding F(string id, Severity s, string title, string evidence = "seen") => new(id, s, title, evidence, null, "fix");

    private static CheckResult Check(string id, params Finding[] findings) => new(id, id, CheckOutcome.Completed, TimeSpan.Zero, findings);

    [Fact]
    public void New_gone_changed_and_unchanged_findings_are_told_apart()
    {
        // given
        var previous = new Dictionary<string, IReadOnlyList<Finding>>
        {
            ["postmaster.spf"] = [F("postmaster.spf-pass", Severity.Ok, "SPF authorises the WAN IP 192.0.2.10")],
            ["postmaster.blocklists"] = [F("postmaster.dnsbl-listed", Severity.Failure, "192.0.2.10 is listed on a.example"), F("postmaster.dnsbl-clean", Severity.Ok, "Not listed on 2 blocklist queries", "b, c")],
        };
        var current = new[]
        {
            Check("postmaster.spf", F("postmaster.spf-fail", Severity.Failure, "SPF of example.com rejects mail from the WAN IP 192.0.2.10")),
            Check("postmaster.blocklists", F("postmaster.dnsbl-clean", Severity.Ok, "Not listed on 3 blocklist queries", "a, b, c")),
            Check("postmaster.dane", F("postmaster.dane-none", Severity.Info, "No TLSA")),
        };

        // when
        var (marked, gone) = DoctorHistory.Compare(previous, current);

        // then
        Assert.Equal(FindingChange.New, marked[0].Findings[0].Change);
        var clean = marked[1].Findings[0];
        Assert.Equal(FindingChange.Changed, clean.Change);
        Assert.Equal("b, c", clean.Previous!.Evidence);
        Assert.Equal(FindingChange.New, marked[2].Findings[0].Change);
        Assert.Equal(["postmaster.spf-pass", "postmaster.dnsbl-listed"], gone.Select(f => f.Id));
        Assert.All(gone, f => Assert.Equal(FindingChange.Gone, f.Change));
    }

    [Fact]
    public void The_history_is_private_round_trips_and_a_partial_run_keeps_the_other_checks()
    {
        // given
        string path = Path.Combine(_dir, DoctorHistory.FileName);
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T22:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var history = new DoctorHistory(path, time);
        history.Save([Check("dns", F("dns.mx-missing", Severity.Failure, "No MX", "example.com: empty answer") with { Lesson = 4 }), Check("lint")]);

        // when: a run of lint alone
        time.Advance(TimeSpan.FromHours(1));
        history.Save([Check("lint", F("lint.x", Severity.Warning, "X"))]);
        var loaded = history.Load();

        // then
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.NotNull(loaded);
        Assert.Equal(time.GetUtcNow(), loaded.Value.At);
        var dns = Assert.Single(loaded.Value.Checks["dns"]);
        Assert.Equal(F("dns.mx-missing", Severity.Failure, "No MX", "example.com: empty answer") with { Lesson = 4 }, dns);
        Assert.Equal("lint.x", Assert.Single(loaded.Value.Checks["lint"]).Id);
    }

    [Fact]
    public void A_damaged_history_is_no_history()
    {
        string path = Path.Combine(_dir, DoctorHistory.FileName);
        File.WriteAllText(path, "{\"at\": 3, ");

        Assert.Null(new DoctorHistory(path, TimeProvider.System).Load());
    }
}
