using Tailwart.Core.BringUp;

namespace Tailwart.Cli.Verbs;

/// <summary>Prints each bring-up event as it happens (text mode); synchronous so lines keep their order.</summary>
public sealed class EventPrinter(CliOutput output) : IProgress<BringUpEvent>
{
    private readonly Lock _gate = new();

    public void Report(BringUpEvent value)
    {
        lock (_gate)
            output.Line(Core.Presenting.BringUpPresenter.Line(value));
    }

    public static string Name(BringUpStep step) => Core.Presenting.BringUpPresenter.StepName(step);
}
