using System.Text.Json.Nodes;
using Tailwart.Core.Acme;
using Tailwart.Core.Checks;
using Tailwart.Core.Stalwart;
using Tailwart.Tests.Stalwart;

namespace Tailwart.Tests.Acme;

public sealed class AcmeTaskJudgeTests
{
    private static IReadOnlyList<AcmeRenewalTask> Corpus() =>
        AcmeRenewalTask.Parse016(((JsonArray)StalwartCorpus.Json("v016/task-get-acme.json")["list"]!).OfType<JsonObject>());

    [Fact]
    public void Only_acme_renewal_tasks_are_read_with_their_status_and_a_task_without_optional_fields_still_parses()
    {
        var tasks = Corpus();

        Assert.Equal(["t1", "t2", "t3", "t5"], tasks.Select(t => t.Id));
        var retry = tasks[0];
        Assert.Equal(("Retry", 1L, "DNS error: Failed to set DNS RRSet: Unauthorized"), (retry.Status, retry.Attempt!.Value, retry.FailureReason));
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 14, 0, 0, TimeSpan.Zero), retry.Due);
        Assert.Equal(("Failed", 1L), (tasks[1].Status, tasks[1].Attempt!.Value));
        Assert.Equal(("Retry", null, null), (tasks[3].Status, tasks[3].Attempt, tasks[3].FailureReason));
    }

    [Fact]
    public void A_retrying_renewal_whose_dns_key_is_rejected_is_the_lesson_two_finding_of_the_015_log_path()
    {
        // given the corpus: t1 retrying on Unauthorized, t2 failed for good, t3 pending, t5 retrying without a reason
        var findings = AcmeTaskJudge.Judge(Corpus());

        // then
        var dns = Assert.Single(findings, f => f.Id == "log.acme-dns-unauthorized");
        Assert.Equal((2, Severity.Warning), (dns.Lesson, dns.Severity));
        Assert.Contains("from Stalwart's task state", dns.Evidence, StringComparison.Ordinal);
        Assert.Contains("AcmeRenewal task t1 (domain d1) retrying (attempt 1, next 2026-12-02 14:00Z; 0.16 retries it forever)", dns.Evidence, StringComparison.Ordinal);
        var failed = Assert.Single(findings, f => f.Id == "log.acme-failure");
        Assert.Equal(Severity.Failure, failed.Severity);
        Assert.Contains("Order is invalid: rejectedIdentifier", failed.Evidence, StringComparison.Ordinal);
        Assert.Contains("t5 (domain d4) retrying (attempt ?", failed.Evidence, StringComparison.Ordinal);
        Assert.DoesNotContain(findings, f => f.Evidence.Contains("t3", StringComparison.Ordinal));
    }

    [Fact]
    public void No_failing_renewal_gives_no_finding()
    {
        Assert.Empty(AcmeTaskJudge.Judge([new AcmeRenewalTask("t3", "d3", "Pending", null, null, null, null)]));
    }
}
