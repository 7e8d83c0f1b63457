using Microsoft.Extensions.Logging;
using Tailwart.Core;
using Tailwart.Core.Acme;
using Tailwart.Core.BringUp;
using Tailwart.Core.Logs;
using Tailwart.Core.Netns;
using Tailwart.Core.Certs;
using Tailwart.Core.Config;
using Tailwart.Core.Dns;
using Tailwart.Core.Guards;
using Tailwart.Core.Net;
using Tailwart.Core.Probes;
using Tailwart.Core.Logging;
using Tailwart.Core.Secrets;
using Tailwart.Core.State;

namespace Tailwart.Cli;

/// <summary>
/// The composition root of one invocation: settings, output, redaction, config, secrets and
/// logging, each created on first use so that `tailwart version` touches nothing.
/// </summary>
public sealed class VerbContext(CliSettings settings, CliEnvironment env) : IDisposable
{
    private ILoggerFactory? _logging;
    private ConfigLoadResult? _config;
    private StackServices? _stack;
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

    /// <summary>The Docker daemon the docker CLI would use from this environment (DOCKER_HOST, contexts…).</summary>
    /// A remote daemon is said once: its containers' namespaces cannot be entered from here (setns), so netns paths take docker exec.
    public Core.Docker.DockerEndpoint DockerEndpoint => field ??= Announce(Core.Docker.DockerEndpointResolver.Resolve(Env.Get));

    private Core.Docker.DockerEndpoint Announce(Core.Docker.DockerEndpoint endpoint)
    {
        if (!endpoint.IsLocal)
            Output.Error($"note: dockerd is not on this machine ({endpoint}): connections inside the sidecar's netns use docker exec, not the setns fast path.");
        return endpoint;
    }

    /// <summary>The probe service with its persisted budget; the only way a verb reaches a mail port.</summary>
    public ProbeService Probes()
    {
        TailwartConfig config = RequireConfig();
        WarnOnPersonalLedger();
        var guard = new BudgetGuard(ActionLedger.InState(State, ProbeService.LedgerFile, TimeProvider.System), ProbeService.IntervalFor(config));
        return new ProbeService(config, guard, Connectors(config));
    }

    /// <summary>
    /// The stack's Core services (Docker, compose, discovery, route, bring-up), created on first use
    /// and disposed with the invocation. The Postgres password is resolved only when a route check needs it.
    /// </summary>
    public StackServices Stack(TailwartConfig config) =>
        _stack ??= new StackServices(config, new Secret(() => ResolveSecret(config, "$.postgres.password", config.Postgres.Password).Reveal()), endpoint: DockerEndpoint);

    /// <summary>The paths to Stalwart: "edge" (from this box, as the world sees it) and "netns" (inside the sidecar, where Stalwart lives).</summary>
    public IReadOnlyDictionary<string, IConnector> Connectors(TailwartConfig config)
    {
        var resolver = new HostResolver(config.Dns.Resolver, TimeSpan.FromSeconds(3));
        return new Dictionary<string, IConnector>(StringComparer.Ordinal)
        {
            ["edge"] = new DirectConnector(resolver),
            [SidecarConnector.Name] = new SidecarConnector(Stack(config).SidecarConnectorAsync),
        };
    }

    /// <summary>Stalwart's log lines of the last day (for the ACME budget); empty when Docker or the container is not there.</summary>
    public Task<IReadOnlyList<LogLine>> StalwartLogAsync(TailwartConfig config, CancellationToken ct) =>
        Stack(config).StalwartLogAsync(TimeSpan.FromDays(1), ct);

    /// <summary>The key test's own budget guard (one per 10 s, persisted).</summary>
    public BudgetGuard KeyTestGuard() =>
        new(ActionLedger.InState(State, "key-test-ledger.json", TimeProvider.System), Tailwart.Core.KeyTest.SpaceshipKeyTester.Interval);

    /// <summary>Bound on the whole MTA-STS policy fetch (connect, TLS, answer).</summary>
    public static readonly TimeSpan MtaStsTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The certificate check with its guarded sweep, DNS checks and Cert Spotter cache.</summary>
    public CertsCheck CertsCheck(TailwartConfig config)
    {
        WarnOnPersonalLedger();
        var guard = new BudgetGuard(ActionLedger.InState(State, ProbeService.LedgerFile, TimeProvider.System), ProbeService.IntervalFor(config));
        var resolver = new HostResolver(config.Dns.Resolver, TimeSpan.FromSeconds(3));
        CertspotterClient? certspotter = config.Certspotter is null ? null
            : new CertspotterClient(config.Certspotter, Path.Combine(StatePaths.EnsurePrivateDirectory(State.Directory), "certspotter-cache.json"), TimeProvider.System);
        return new CertsCheck(config, new CertSweep(config, guard), new DnsChecks(config, resolver.Client, new MtaStsPolicyFetcher(resolver, MtaStsTimeout)), certspotter, TimeProvider.System, async token =>
        {
            // Read-only: the ACME settings feed the CAA accounturi and wildcard/challenge checks.
            using Core.Stalwart.StalwartClient client = Verbs.BansServices.Client(this, config);
            return await client.AcmeSettingsAsync(token).ConfigureAwait(false);
        });
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
        _stack?.Dispose();
        _logging?.Dispose();
    }
}
