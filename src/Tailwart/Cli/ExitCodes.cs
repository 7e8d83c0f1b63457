namespace Tailwart.Cli;

/// <summary>The exit codes every verb uses; README lists them for scripts.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Warnings = 1;
    public const int Failure = 2;
    public const int RefusedByGuard = 3;
    public const int Interrupted = 130;
}
