using System.Diagnostics;
using Npgsql;
using Tailwart.Core.Bans;
using Tailwart.IntegrationTests.Standins;

namespace Tailwart.IntegrationTests.Bans;

/// <summary>
/// A test <see cref="IGatedRestart"/> over a stand-in process: the gate is a real PostgreSQL login
/// (what the bring-up's route gate ends with), the restart stops the process and starts a new one
/// on the same ports, lab dir and database, verified when its listeners are up again.
/// </summary>
internal sealed class RestartingStandin(StandinProcess first, StandinOptions options, PostgresCluster pg) : IGatedRestart, IAsyncDisposable
{
    public StandinProcess Current { get; private set; } = first;

    public int Restarts { get; private set; }

    public async Task<GatedRestartOutcome> RestartThroughGateAsync(Action<GateVerdict>? onReleased = null, CancellationToken ct = default)
    {
        GateVerdict gate = await VerifyRouteAsync(ct);
        if (!gate.Released)
            return new GatedRestartOutcome(gate, null);
        onReleased?.Invoke(gate);
        return new GatedRestartOutcome(gate, await RestartStalwartAndVerifyAsync(ct));
    }

    private async Task<GateVerdict> VerifyRouteAsync(CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await using var conn = new NpgsqlConnection($"Host=127.0.0.1;Port={pg.Port};Username=stalwart;Password={PostgresCluster.Password};Database={options.DbName};Pooling=false;Timeout=3");
            await conn.OpenAsync(ct);
            await using var cmd = new NpgsqlCommand("SELECT 1", conn);
            await cmd.ExecuteScalarAsync(ct);
            return new GateVerdict(true, $"login as stalwart and SELECT 1 in {clock.ElapsedMilliseconds} ms");
        }
        catch (NpgsqlException e)
        {
            return new GateVerdict(false, $"127.0.0.1:{pg.Port}: {e.Message}");
        }
    }

    private async Task<RestartVerdict> RestartStalwartAndVerifyAsync(CancellationToken ct)
    {
        Restarts++;
        await Current.DisposeAsync();
        Current = await StandinProcess.StartAsync(options, ct: ct);
        return Current.HasExited
            ? new RestartVerdict(false, $"exited {Current.ExitCode}")
            : new RestartVerdict(true, "listeners up, server.startup logged");
    }

    public ValueTask DisposeAsync() => Current.DisposeAsync();
}
