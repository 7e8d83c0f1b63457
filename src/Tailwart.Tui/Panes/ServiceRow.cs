namespace Tailwart.Tui.Panes;

/// <summary>One compose service as the services list shows it.</summary>
public sealed record ServiceRow(string Name, string State, string Health, string Uptime, int Restarts, string? RouteLevel)
{
    /// <summary>What the stack diagnosis finds wrong with this service (title and finding id), or null.</summary>
    public string? Problem { get; init; }
}
