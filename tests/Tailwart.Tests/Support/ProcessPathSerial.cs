namespace Tailwart.Tests.Support;

/// <summary>Tests that change the process-wide PATH (stand-in programs first on it) run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class ProcessPathSerial
{
    public const string Name = "process PATH";
}
