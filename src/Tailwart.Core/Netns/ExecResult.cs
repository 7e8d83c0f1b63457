namespace Tailwart.Core.Netns;

/// <summary>The outcome of a short command run inside the sidecar; <see cref="ExitCode"/> is null when it did not finish in time.</summary>
public sealed record ExecResult(long? ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;
}
