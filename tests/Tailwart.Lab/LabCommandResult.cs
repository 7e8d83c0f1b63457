namespace Tailwart.Lab;

/// <summary>What a lab script or a command inside a lab container did.</summary>
public sealed record LabCommandResult(int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed)
{
    /// <summary>True when the command exited 0.</summary>
    public bool Succeeded => ExitCode == 0;

    /// <summary>Throws with both streams when the command failed.</summary>
    public LabCommandResult EnsureSuccess(string what) =>
        Succeeded
            ? this
            : throw new InvalidOperationException(
                $"{what} exited {ExitCode} after {Elapsed.TotalSeconds:F1} s\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}");
}
