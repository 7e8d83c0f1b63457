using Npgsql;
using Tailwart.Lab;

namespace Tailwart.IntegrationTests.Lab;

[Collection(LabCollectionDefinition.Name)]
public sealed class PostgresFaultTests(LabFixture fixture) : IAsyncLifetime, IClassFixture<StackResetAfterClass>
{
    private readonly LabEnvironment _lab = fixture.Lab;

    public async Task InitializeAsync()
    {
        await _lab.StartServiceAsync(_lab.Config.SidecarService);
        await LabEnvironment.WaitUntilAsync("the sidecar to register",
            ct => SidecarProbe.HealthzOkAsync(_lab, ct), TimeSpan.FromSeconds(20));
    }

    // Each fault is undone by its `await using`; the running sidecar is reset once after the class (StackResetAfterClass).
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task From_the_sidecar_netns_the_record_prod_answers_as_postgres()
    {
        // given a healthy lab

        // when
        var connect = await SidecarProbe.ConnectPostgresAsync(_lab);
        var answer = await SidecarProbe.SslRequestAnswerAsync(_lab);

        // then: a TCP connect works and the peer speaks PostgreSQL (SSLRequest answered with N)
        Assert.True(connect.Succeeded, connect.StandardError);
        Assert.Equal('N', answer);
    }

    [Fact]
    public async Task A_real_login_with_the_configured_credentials_succeeds()
    {
        // given
        await using var conn = new NpgsqlConnection(_lab.PostgresConnectionString());

        // when
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT current_user || '@' || current_database()", conn);
        var who = (string?)await cmd.ExecuteScalarAsync();

        // then
        Assert.Equal($"{_lab.Config.PostgresUser}@{_lab.Config.PostgresDatabase}", who);
    }

    [Fact]
    public async Task Blackhole_makes_the_connect_time_out_and_off_restores_it()
    {
        // given
        await using (await _lab.InjectAsync("pg-blackhole"))
        {
            // when
            var blocked = await SidecarProbe.ConnectPostgresAsync(_lab);

            // then
            Assert.False(blocked.Succeeded);
            Assert.True(blocked.Elapsed >= TimeSpan.FromSeconds(1.5), $"took {blocked.Elapsed}");
            Assert.Contains("timed out", blocked.StandardError, StringComparison.OrdinalIgnoreCase);
        }

        Assert.True((await SidecarProbe.ConnectPostgresAsync(_lab)).Succeeded);
    }

    [Fact]
    public async Task Refused_makes_the_connect_fail_at_once()
    {
        // given
        await using (await _lab.InjectAsync("pg-refused"))
        {
            // when
            var refused = await SidecarProbe.ConnectPostgresAsync(_lab);

            // then
            Assert.False(refused.Succeeded);
            Assert.Contains("refused", refused.StandardError, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal('N', await SidecarProbe.SslRequestAnswerAsync(_lab));
    }

    [Fact]
    public async Task The_impostor_accepts_tcp_but_fails_a_postgres_login()
    {
        // given
        await using (await _lab.InjectAsync("pg-impostor"))
        {
            // when
            var connect = await SidecarProbe.ConnectPostgresAsync(_lab);
            var answer = await SidecarProbe.SslRequestAnswerAsync(_lab);
            await using var conn = new NpgsqlConnection(_lab.PostgresConnectionString());
            var login = await Record.ExceptionAsync(() => conn.OpenAsync());

            // then: the port is open (a TCP check passes) but nothing there speaks PostgreSQL
            Assert.True(connect.Succeeded, "the impostor accepts TCP");
            Assert.NotEqual('N', answer);
            Assert.NotEqual('S', answer);
            Assert.NotNull(login);
        }

        Assert.Equal('N', await SidecarProbe.SslRequestAnswerAsync(_lab));
    }

    [Fact]
    public async Task Badauth_fails_the_login_with_invalid_password_and_off_restores_it()
    {
        // given
        await using (await _lab.InjectAsync("pg-badauth"))
        {
            // when
            await using var conn = new NpgsqlConnection(_lab.PostgresConnectionString());
            var login = await Record.ExceptionAsync(() => conn.OpenAsync());

            // then
            Assert.Equal("28P01", Assert.IsType<PostgresException>(login).SqlState);
        }

        await using var again = new NpgsqlConnection(_lab.PostgresConnectionString());
        await again.OpenAsync();
    }

    [Fact]
    public async Task Slow_holds_the_postgres_answer_for_seconds()
    {
        // given
        await using (await _lab.InjectAsync("pg-slow"))
        {
            // when
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var answer = await SidecarProbe.SslRequestAnswerAsync(_lab);
            var elapsed = sw.Elapsed;

            // then: still PostgreSQL, but only after the delay
            Assert.Equal('N', answer);
            Assert.True(elapsed >= TimeSpan.FromSeconds(3), $"took {elapsed}");
        }
    }

    [Fact]
    public async Task Flap_alternates_between_a_working_and_a_dead_route()
    {
        // given
        await using (await _lab.InjectAsync("pg-flap"))
        {
            // when: connect attempts over about 8 s (2 s on / 2 s off)
            var outcomes = new List<bool>();
            var sw = System.Diagnostics.Stopwatch.StartNew();
            while (sw.Elapsed < TimeSpan.FromSeconds(8))
            {
                outcomes.Add((await _lab.ExecAsync(_lab.Config.SidecarService, ["sh", "-c", $"echo | nc -w 1 {_lab.Config.PostgresHost} {_lab.Config.PostgresPort}"])).Succeeded);
            }

            // then
            Assert.Contains(true, outcomes);
            Assert.Contains(false, outcomes);
        }

        Assert.True((await SidecarProbe.ConnectPostgresAsync(_lab)).Succeeded, "off leaves the route working");
    }
}
