using System.Text.Json;
using Tailwart.Cli;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Cli;

public sealed class UpVerbTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private Task<CliRun> Run(params string[] args) => CliRun.InvokeAsync(_dir.Path, Configs.SecretEnvironment, terminal: false, tui: null, args);

    [Fact]
    public async Task Up_is_refused_with_exit_3_under_read_only()
    {
        var run = await Run("up", "--read-only", "--config", _dir.Write("c.json", Configs.Valid()));

        Assert.Equal(ExitCodes.RefusedByGuard, run.ExitCode);
        Assert.Contains("--read-only", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Up_read_only_json_is_one_error_document_with_exit_3()
    {
        var run = await Run("up", "--read-only", "--json", "--config", _dir.Write("c.json", Configs.Valid()));

        using var doc = JsonDocument.Parse(run.Out);
        Assert.Equal(3, doc.RootElement.GetProperty("exitCode").GetInt32());
    }

    [Fact]
    public async Task Up_rejects_a_non_positive_timeout()
    {
        var run = await Run("up", "--timeout", "0", "--config", _dir.Write("c.json", Configs.Valid()));

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains("--timeout must be a positive number", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Up_with_a_missing_secret_fails_before_touching_docker_and_never_prints_other_secrets()
    {
        var env = new Dictionary<string, string>(Configs.SecretEnvironment);
        env.Remove("STALWART_DB_PASSWORD");
        var run = await CliRun.InvokeAsync(_dir.Path, env, terminal: false, tui: null, "up", "--config", _dir.Write("c.json", Configs.Valid()));

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains("STALWART_DB_PASSWORD", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("canary", run.All, StringComparison.Ordinal);
    }
}
