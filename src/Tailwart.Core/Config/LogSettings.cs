namespace Tailwart.Core.Config;

/// <summary>Bounds of the log ring buffer and how much of each service's log is read at start.</summary>
public sealed record LogSettings
{
    public int BufferLines { get; set; } = 200_000;
    public int BufferMegabytes { get; set; } = 64;
    public int Tail { get; set; } = 500;
}
