using Microsoft.Extensions.Logging;
using Tailwart.Core;
using Tailwart.Core.Config;
using Tailwart.Core.Guards;
using Tailwart.Core.Logging;
using Tailwart.Core.Secrets;
using Tailwart.Core.State;

namespace Tailwart.Cli;

/// <summary>
/// The composition root of one invocation: settings, output, redaction, config, secrets and
/// logging, and the one <see cref="TailwartCore"/>, each created on first use so that
/// `tailwart version` touches nothing. Verbs reach Core only through <see cref="Core"/>.
/// </summary>
public sealed class VerbContext(CliSettings settings, CliEnvironment env) : IDisposable
{
    private ILoggerFactory? _logging;
    private ConfigLoadResult? _config;
    private TailwartCore? _core;
    private bool _ledgerWarned;

    public CliSettings Settings { get; } = settings;

    /// <summary>When this invocation began (a signal's audit line names the steps recorded since).</summary>
    public DateTimeOffset StartedAt { get; } = TimeProvider.System.GetUtcNow();
    public CliEnvironment Env { get; } = env;
    public Redactor Redactor { get; } = new();
    public CliOutput Output => field ??= new CliOutput(Env, Settings, Redactor);
    public StatePaths State => field ??= StatePaths.FromEnvironment(Env.Get);
    public ILoggerFactory Logging => _logging ??= TailwartLogging.Create(State, Redactor, Settings.Verbose);
    public SecretResolver Secrets => field ??= new SecretResolver(Redactor, Env.Get);

    /// <summary>--read-only, as Core applies it to every action (the verbs ask it early, before a question).</summary>
    public ReadOnlyPolicy Policy => field ??= new ReadOnlyPolicy(Settings.ReadOnly);

    /// <summary>The facade over the loaded config, built once (throws <see cref="ConfigInvalidException"/> on a bad config).</summary>
    public TailwartCore Core => _core ??= new TailwartCore(RequireConfig(), State, TimeProvider.System, Secrets, Redactor, Policy, DockerEndpoint);

    /// <summary>The Docker daemon the docker CLI would use from this environment (DOCKER_HOST, contexts…).</summary>
    /// A remote daemon is said once: its containers' namespaces cannot be entered from here (setns), so netns paths take docker exec.
    public global::Tailwart.Core.Docker.DockerEndpoint DockerEndpoint => field ??= Announce(global::Tailwart.Core.Docker.DockerEndpointResolver.Resolve(Env.Get));

    private global::Tailwart.Core.Docker.DockerEndpoint Announce(global::Tailwart.Core.Docker.DockerEndpoint endpoint)
    {
        if (!endpoint.IsLocal)
            Output.Error($"note: dockerd is not on this machine ({endpoint}): connections inside the sidecar's netns use docker exec, not the setns fast path.");
        return endpoint;
    }

    /// <summary>Says once, on stderr, when the probe budget is this user's own rather than the box's (lesson 3 counts per box).</summary>
    public void WarnOnPersonalLedger()
    {
        if (_ledgerWarned || State.LedgerWarning is not { } warning)
            return;
        _ledgerWarned = true;
        Output.Error("warning: " + warning);
    }

    /// <summary>Locates and loads the config once; problems are in the result, not thrown.</summary>
    public ConfigLoadResult LoadConfig() =>
        _config ??= new ConfigLoader(() => Env.Variables).Load(ConfigLocator.Locate(Settings.ConfigPath, Env.Get, Env.CurrentDirectory));

    /// <summary>The config, or a <see cref="ConfigInvalidException"/> carrying every problem.</summary>
    public TailwartConfig RequireConfig()
    {
        ConfigLoadResult result = LoadConfig();
        return result.HasErrors ? throw new ConfigInvalidException(result) : result.Config!;
    }

    /// <summary>Resolves one secret of the loaded config at the point of use.</summary>
    public Secret ResolveSecret(TailwartConfig config, string jsonPath, SecretReference reference) =>
        Secrets.Resolve(reference, jsonPath, Path.GetDirectoryName(config.SourcePath) ?? Env.CurrentDirectory);

    public void Dispose()
    {
        _core?.Dispose();
        _logging?.Dispose();
    }
}
