using System.Text;
using CliWrap;
using CliWrap.Buffered;
using Tailwart.Core.Config;

namespace Tailwart.Core.Docker;

/// <summary>
/// The compose CLI, used only for what Docker's API cannot do: creating containers from the
/// compose files. Commands are argument arrays (never a shell string), every run is bounded by a
/// timeout, and on failure compose's own stderr is surfaced as it wrote it. It runs against
/// <paramref name="endpoint"/> (DOCKER_HOST in its environment), the daemon tailwart's API client
/// uses, so compose never creates containers on one daemon while tailwart watches another.
/// </summary>
internal sealed class ComposeCli(ComposeSettings settings, string projectDirectory, TimeSpan? timeout = null, DockerEndpoint? endpoint = null)
{
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromMinutes(2);
    private ComposeFlavour? _flavour;

    /// <summary>The daemon compose is pointed at; null: compose's own environment (unit tests without a daemon).</summary>
    public DockerEndpoint? Endpoint => endpoint;

    /// <summary>The project name compose uses: the configured one, else compose's default (the directory name).</summary>
    public string ProjectName => settings.ProjectName ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(projectDirectory)).ToLowerInvariant();

    /// <summary>Detects the flavour once: the v2 plugin first (<c>docker compose version</c>), then <c>docker-compose</c>.</summary>
    public async Task<ComposeFlavour> DetectAsync(CancellationToken ct = default)
    {
        if (_flavour is { } known)
            return known;
        _flavour = settings.Command switch
        {
            "v2" => ComposeFlavour.V2Plugin,
            "v1" => ComposeFlavour.V1Binary,
            _ => await ProbeAsync(Environment(), ct).ConfigureAwait(false),
        };
        return _flavour.Value;
    }

    /// <summary>The full argument list (after the program) for a compose subcommand, with <c>-p</c> and every <c>-f</c>.</summary>
    public IReadOnlyList<string> Arguments(ComposeFlavour flavour, params string[] subcommand)
    {
        var args = new List<string>();
        if (flavour == ComposeFlavour.V2Plugin)
            args.Add("compose");
        args.Add("-p");
        args.Add(ProjectName);
        foreach (string file in settings.Files)
        {
            args.Add("-f");
            args.Add(Path.IsPathRooted(file) ? file : Path.Combine(projectDirectory, file));
        }
        args.AddRange(subcommand);
        return args;
    }

    /// <summary>
    /// Creates the containers of <paramref name="services"/> without starting them
    /// (<c>up --no-start --no-deps</c>), or recreates them with <paramref name="recreate"/>.
    /// </summary>
    /// <remarks>
    /// --no-deps and, by default, --no-recreate: creating one container must never recreate the
    /// sidecar behind Stalwart's back (a recreated sidecar leaves Stalwart in a dead netns,
    /// external.md §5). Create Stalwart only while the sidecar runs: compose v1 cannot create a
    /// <c>network_mode: service:X</c> container while X is stopped and silently falls back to the
    /// default bridge.
    /// </remarks>
    /// <exception cref="UserFacingException">Compose failed (its stderr is in the message) or timed out.</exception>
    public async Task CreateAsync(IEnumerable<string> services, bool recreate = false, CancellationToken ct = default)
    {
        string[] sub = ["up", "--no-start", "--no-deps", recreate ? "--force-recreate" : "--no-recreate", .. services];
        await RunAsync(sub, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Compose's merged, interpolated view of every file (<c>config</c>): YAML, or JSON with
    /// <paramref name="json"/> (<c>--format json</c>, v2 only: v1 1.29 has no such flag).
    /// </summary>
    public Task<string> ConfigAsync(bool json, CancellationToken ct = default) => RunAsync(json ? ["config", "--format", "json"] : ["config"], ct);

    /// <summary>Compose's merged view as YAML (both flavours).</summary>
    public Task<string> ConfigAsync(CancellationToken ct = default) => ConfigAsync(json: false, ct);

    /// <summary>Validates the compose files (<c>config -q</c>); compose's message on failure.</summary>
    public Task ValidateAsync(CancellationToken ct = default) => RunAsync(["config", "-q"], ct);

    private async Task<string> RunAsync(string[] subcommand, CancellationToken ct)
    {
        foreach (string file in settings.Files)
        {
            string path = Path.IsPathRooted(file) ? file : Path.Combine(projectDirectory, file);
            if (!File.Exists(path))
                throw new UserFacingException($"compose file {path} does not exist: fix compose.files / compose.projectDirectory in tailwart.json.");
        }
        ComposeFlavour flavour = await DetectAsync(ct).ConfigureAwait(false);
        var args = Arguments(flavour, subcommand);
        string program = flavour == ComposeFlavour.V2Plugin ? "docker" : "docker-compose";
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(_timeout);
        BufferedCommandResult result;
        try
        {
            result = await Cli.Wrap(program)
                .WithArguments(args)
                .WithEnvironmentVariables(Environment())
                .WithWorkingDirectory(projectDirectory)
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(Encoding.UTF8, cts.Token)
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new UserFacingException($"{program} {string.Join(' ', subcommand)} did not finish within {_timeout.TotalSeconds:0} s{Against}.", e);
        }
        if (result.ExitCode != 0)
        {
            string stderr = result.StandardError.Trim();
            throw new UserFacingException($"{program} {string.Join(' ', subcommand)} failed (exit {result.ExitCode}{Against}): {(stderr.Length > 0 ? stderr : result.StandardOutput.Trim())}");
        }
        return result.StandardOutput;
    }

    private string Against => endpoint is null ? "" : $", against {endpoint}";

    private IReadOnlyDictionary<string, string?> Environment() => endpoint?.ComposeEnvironment() ?? new Dictionary<string, string?>();

    private static async Task<ComposeFlavour> ProbeAsync(IReadOnlyDictionary<string, string?> environment, CancellationToken ct)
    {
        if (await SucceedsAsync("docker", ["compose", "version"], environment, ct).ConfigureAwait(false))
            return ComposeFlavour.V2Plugin;
        // v1 is found on PATH, not run: docker-compose 1.29 is Python and a `version` costs a start of
        // ~3 s here, as much as the `config` or `up` that follows, which says clearly if it cannot run.
        if (OnPath("docker-compose"))
            return ComposeFlavour.V1Binary;
        throw new UserFacingException("no compose CLI found: neither `docker compose` (the v2 plugin) nor `docker-compose` (v1) runs. Install the docker-compose-plugin package (or docker-compose) or set compose.command.");
    }

    private static bool OnPath(string program) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .Any(path => File.Exists(path) && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);

    private static async Task<bool> SucceedsAsync(string program, string[] args, IReadOnlyDictionary<string, string?> environment, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(TimeSpan.FromSeconds(15));
        try
        {
            var result = await Cli.Wrap(program).WithArguments(args).WithEnvironmentVariables(environment).WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(cts.Token).ConfigureAwait(false);
            return result.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // program not on PATH
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
