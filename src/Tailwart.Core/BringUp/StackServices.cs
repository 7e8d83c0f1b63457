using Docker.DotNet;
using Tailwart.Core.Checks;
using Tailwart.Core.Config;
using Tailwart.Core.Diagnosis;
using Tailwart.Core.Lint;
using Tailwart.Core.Logs;
using Tailwart.Core.Docker;
using Tailwart.Core.Netns;
using Tailwart.Core.Secrets;

namespace Tailwart.Core.BringUp;

/// <summary>
/// The Core services for one supervised stack, wired from the config: Docker client, compose CLI,
/// discovery, the netns connector of the current sidecar, the route verifier, the session probe
/// and the bring-up machine. Built once, by <see cref="TailwartCore"/> (its constructor is internal),
/// so the process has one Docker client and its SDK client never leaves Core.
/// </summary>
internal sealed class StackServices : IDisposable
{
    private readonly DockerClient _docker;

    /// <param name="socketPath">An explicit unix socket (tests); else <paramref name="endpoint"/>.</param>
    /// <param name="endpoint">The daemon (<see cref="DockerEndpointResolver"/>); null: resolved from this process's environment.</param>
    internal StackServices(TailwartConfig config, Secret postgresPassword, TimeProvider? time = null, string? socketPath = null, DockerEndpoint? endpoint = null, ComposeModelCache? composeModel = null)
    {
        Config = config;
        Time = time ?? TimeProvider.System;
        Endpoint = socketPath is not null ? DockerEndpoint.Unix(socketPath) : endpoint ?? DockerEndpointResolver.Resolve(Environment.GetEnvironmentVariable);
        _docker = DockerClientFactory.Create(Endpoint);
        string directory = config.ResolvePath(config.Compose.ProjectDirectory);
        Compose = new ComposeCli(config.Compose, directory, endpoint: Endpoint);
        Services = [config.Services.Sidecar, config.Services.Stalwart, .. config.Services.Edge is { } e ? new[] { e } : []];
        Discovery = new StackDiscovery(_docker, Compose.ProjectName, Services);
        ComposeModel = composeModel ?? ComposeModelCache.Over(Compose, config.Compose.Files, directory);
        Stack = new DockerStackControl(_docker, Discovery, Compose, Compose.ProjectName, time: Time, model: ComposeModel.ReadAsync);
        Postgres = new PostgresTarget(config.Postgres.Host, config.Postgres.Port, config.Postgres.Database, config.Postgres.User, postgresPassword);
        Route = new RouteVerifier(SidecarConnectorAsync, Postgres, Time);
        Sessions = new StalwartSessionProbe(SidecarConnectorAsync, Postgres);
    }

    public TailwartConfig Config { get; }

    /// <summary>The one Docker client of this stack (for log streams and events); internal: no caller outside Core talks to Docker.</summary>
    internal IDockerClient Docker => _docker;
    public TimeProvider Time { get; }
    /// <summary>The daemon the client and the compose CLI both use.</summary>
    public DockerEndpoint Endpoint { get; }
    public ComposeCli Compose { get; }
    public IReadOnlyList<string> Services { get; }
    public StackDiscovery Discovery { get; }
    public IStackControl Stack { get; }

    /// <summary>The Docker side of <see cref="Stack"/> with what only the supervisor uses (the project's event stream, restart policies).</summary>
    internal DockerStackControl Control => (DockerStackControl)Stack;
    public PostgresTarget Postgres { get; }
    public IRouteVerifier Route { get; }
    public IStalwartSessionProbe Sessions { get; }

    /// <summary>Fails early, with the fix, when dockerd cannot be reached.</summary>
    public Task CheckDockerAsync(CancellationToken ct = default) => DockerClientFactory.PingAsync(_docker, TimeSpan.FromSeconds(5), Endpoint, ct);

    /// <summary>A bring-up machine over this stack.</summary>
    public BringUpMachine BringUp(BringUpOptions options, IStoreReadProbe? store = null) =>
        new(Stack, Route, Sessions, options with { SidecarService = Config.Services.Sidecar, StalwartService = Config.Services.Stalwart, EdgeService = Config.Services.Edge }, Time) { Store = store };

    /// <summary>
    /// The stack diagnosis every look (status, doctor, the services pane) and `up` share.
    /// <paramref name="store"/> is the management-API read (built where the admin credential is
    /// resolved); without it an idle Stalwart's store can only be inferred from its sessions.
    /// </summary>
    public StackDiagnosis Diagnosis(IStoreReadProbe? store = null) =>
        new(Stack, Route, Sessions, DiagnosisOptions, Time)
        {
            Store = store,
            Tailnet = new SidecarTailnetProbe(SidecarConnectorAsync, Config.Tailnet.SidecarMagicDnsName, Config.Tailnet.Cidr),
            Interfaces = new ProcNetDevInterfaces(),
        };

    public DiagnosisOptions DiagnosisOptions => new()
    {
        SidecarService = Config.Services.Sidecar,
        StalwartService = Config.Services.Stalwart,
        EdgeService = Config.Services.Edge,
        SidecarMagicDnsName = Config.Tailnet.SidecarMagicDnsName,
    };

    /// <summary>
    /// A connector into the sidecar's netns as it is now: the container id is looked up each time,
    /// because a recreated sidecar has a new one.
    /// </summary>
    public async Task<NetnsConnector> SidecarConnectorAsync(CancellationToken ct = default)
    {
        var stack = await Stack.DiscoverAsync(ct).ConfigureAwait(false);
        var sidecar = stack.Find(Config.Services.Sidecar)
            ?? throw new NetnsUnavailableException($"the sidecar is not running: service {Config.Services.Sidecar} has no container in project {stack.Project}.");
        if (!sidecar.IsRunning)
            throw new NetnsUnavailableException($"the sidecar is not running: {sidecar.Name} is {sidecar.State}.");
        return new NetnsConnector(_docker, sidecar.Id, pid: sidecar.Pid, remoteDaemon: Endpoint.IsLocal ? null : Endpoint.ToString());
    }

    /// <summary>
    /// Stalwart's timestamped log lines of the last <paramref name="window"/> (the ACME budget reads
    /// them); empty, not an error, when Docker or the container is not there. Bounded to 15 s.
    /// </summary>
    public async Task<IReadOnlyList<LogLine>> StalwartLogAsync(TimeSpan window, CancellationToken ct = default)
    {
        try
        {
            if ((await Stack.DiscoverAsync(ct).ConfigureAwait(false)).Find(Config.Services.Stalwart) is not { } stalwart)
                return [];
            var lines = new List<LogLine>();
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(TimeSpan.FromSeconds(15));
            await foreach (LogLine line in new ContainerLogReader(_docker).ReadAsync(Config.Services.Stalwart, stalwart.Id, 20_000, follow: false, Time.GetUtcNow() - window, Time, deadline.Token).ConfigureAwait(false))
                lines.Add(line);
            return lines;
        }
        catch (Exception e) when (e is UserFacingException or IOException or HttpRequestException or DockerApiException or TimeoutException
            || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return [];
        }
    }

    /// <summary>A reader of the containers' logs over the one Docker client (the logs verb).</summary>
    public ContainerLogReader LogReader() => new(_docker);

    /// <summary>Compose's own model of the project, read once per process (again only when the files change).</summary>
    internal ComposeModelCache ComposeModel { get; }


    public void Dispose() => _docker.Dispose();
}
