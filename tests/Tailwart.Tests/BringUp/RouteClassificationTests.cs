using Tailwart.Core.BringUp;

namespace Tailwart.Tests.BringUp;

public sealed class RouteClassificationTests
{
    [Theory]
    [InlineData("nc: bad address 'the-record-prod'", RouteFailure.NameDoesNotResolve, "name does not resolve")]
    [InlineData("nc: can't connect to remote host (172.17.0.1): Connection refused", RouteFailure.ConnectionRefused, "connection refused")]
    [InlineData("nc: timed out", RouteFailure.NoAnswer, "no answer (blackholed?) from the-record-prod:5432 within 3 s")]
    [InlineData("", RouteFailure.NotPostgres, "port open but not PostgreSQL")]
    public void Each_way_nc_fails_gets_its_own_name(string stderr, RouteFailure failure, string words)
    {
        var (_, f, evidence) = RouteVerifier.Classify(stderr, "the-record-prod:5432", 3);

        Assert.Equal(failure, f);
        Assert.Contains(words, evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Nslookup_answers_skip_the_resolver_address()
    {
        const string busybox = "Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\nNon-authoritative answer:\nName:\tthe-record-prod.tail-lab.ts.net\nAddress: 100.64.0.1\n";

        Assert.Equal(["100.64.0.1"], NslookupOutput.Addresses(busybox));
        Assert.Empty(NslookupOutput.Addresses("Server: 1.1.1.1\nAddress: 1.1.1.1:53\n** server can't find x: NXDOMAIN\n"));
    }

    [Fact]
    public void Only_a_login_counts_as_verified()
    {
        Assert.True(new RouteCheck(RouteLevel.LoginVerified, null, "", TimeSpan.Zero).IsVerified);
        Assert.False(new RouteCheck(RouteLevel.SpeaksPostgres, null, "", TimeSpan.Zero).IsVerified);
        Assert.False(new RouteCheck(RouteLevel.LoginVerified, RouteFailure.Other, "", TimeSpan.Zero).IsVerified);
    }

    [Fact]
    public void Stalwart_db_failure_lines_of_each_version_are_recognised()
    {
        Assert.NotNull(StalwartLogSignatures.FirstDbFailure(["Failed to read database configuration: PostgreSQL error (store.postgresql-error): reason = x"]));
        Assert.NotNull(StalwartLogSignatures.FirstDbFailure(["⚠️ Startup failed: Failed to create tables: PostgreSQL error"]));
        Assert.Null(StalwartLogSignatures.FirstDbFailure(["2026-11-25T12:00:00Z INFO Starting Stalwart Server v0.15.5 (server.startup) version = \"0.15.5\""]));
    }
}
