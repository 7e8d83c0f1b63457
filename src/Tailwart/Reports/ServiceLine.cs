using Tailwart.Core.Docker;

namespace Tailwart.Cli.Verbs;

/// <summary>One compose service's container as `status --json` shows it.</summary>
public sealed record ServiceLine(string Service, string Name, string Id, string State, string Health, long RestartCount, long ExitCode, DateTimeOffset? StartedAt, string? TailnetIp)
{
    public static ServiceLine From(ContainerSnapshot c) =>
        new(c.Service, c.Name, c.ShortId, c.State, c.Health, c.RestartCount, c.ExitCode, c.StartedAt, c.TailnetIp);
}
