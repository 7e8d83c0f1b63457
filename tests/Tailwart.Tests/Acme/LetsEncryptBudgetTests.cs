using Tailwart.Core.Acme;
using Tailwart.Core.Logs;

namespace Tailwart.Tests.Acme;

public sealed class LetsEncryptBudgetTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] Wildcard = ["*.example.com", "example.com"];

    private static Issuance Issued(double daysAgo, string[]? names = null) =>
        new(Guid.NewGuid().ToString("N"), names ?? Wildcard, Now.AddDays(-daysAgo), Now.AddDays(90 - daysAgo), "R11");

    private static LogLine Log(double minutesAgo, string text) => new(Now.AddMinutes(-minutesAgo), "stalwart", text, LogSeverity.Warn);

    [Fact]
    public void Four_duplicates_in_a_week_leave_room_for_one_more()
    {
        var a = LetsEncryptBudget.Assess([Issued(1), Issued(2), Issued(3), Issued(4), Issued(30)], [], Now);

        Assert.True(a.SafeNow);
        Assert.Equal(4, a.DuplicatesLast7Days);
        Assert.Empty(a.Findings);
    }

    [Fact]
    public void Five_duplicates_in_a_week_block_until_the_oldest_of_them_ages_out()
    {
        var a = LetsEncryptBudget.Assess([Issued(0.5), Issued(1), Issued(2), Issued(3), Issued(6), Issued(10, ["mail.example.com"])], [], Now);

        Assert.False(a.SafeNow);
        Assert.Equal(5, a.DuplicatesLast7Days);
        Assert.Equal(Now.AddDays(-6) + TimeSpan.FromDays(7), a.SafeFrom);
        Assert.Equal("acme.duplicate-limit", Assert.Single(a.Findings).Id);
    }

    [Fact]
    public void Five_failed_validations_within_the_hour_block_for_the_rest_of_it()
    {
        var log = Enumerable.Range(0, 5).Select(i => Log(50 - (i * 10), "WARN ACME authentication error (acme.auth-error) id = \"le\", details = \"invalid\"")).ToList();

        var a = LetsEncryptBudget.Assess([], log, Now);

        Assert.False(a.SafeNow);
        Assert.Equal(5, a.FailedValidationsLastHour);
        Assert.Equal(Now.AddMinutes(-50) + TimeSpan.FromHours(1), a.SafeFrom);
    }

    [Fact]
    public void Dns01_publish_failures_are_not_failed_validations()
    {
        // Stalwart gives up before it submits the challenge, so Let's Encrypt validated nothing (v0.15.5 acme/order.rs)
        var log = new[]
        {
            "WARN DNS record creation failed (acme.dns-record-creation-failed) id = \"le\", hostname = \"_acme-challenge.example.com\", reason = \"Unauthorized\"",
            "DEBUG Task will be retried (task-manager.task-retry) details = \"AcmeRenewal\", reason = \"DNS error: Failed to set DNS RRSet: Unauthorized\"",
        }.SelectMany(text => Enumerable.Range(0, 5).Select(i => Log(50 - (i * 10), text))).ToList();

        var a = LetsEncryptBudget.Assess([], log, Now);

        Assert.Equal(0, a.FailedValidationsLastHour);
        Assert.DoesNotContain(a.Findings, f => f.Id == "acme.failed-validation-limit");
    }

    [Fact]
    public void A_renewal_task_retrying_every_ten_minutes_is_a_storm()
    {
        var log = Enumerable.Range(0, 6).Select(i => Log(i * 10, "DEBUG Task retry (task-manager.task-retry) details = \"AcmeRenewal\", reason = \"DNS error\"")).ToList();

        var a = LetsEncryptBudget.Assess([], log, Now);

        Assert.Contains(a.Findings, f => f.Id == "acme.renewal-storm" && f.Lesson == 7);
        Assert.Equal(6, a.OrdersLast3Hours);
    }

    [Fact]
    public void One_attempt_an_hour_is_not_a_storm()
    {
        var log = Enumerable.Range(0, 4).Select(i => Log(i * 61, "INFO ACME order started (acme.order-start) hostname = [\"mail.example.com\"]")).ToList();

        Assert.DoesNotContain(LetsEncryptBudget.Assess([], log, Now).Findings, f => f.Id == "acme.renewal-storm");
    }
}
