using Tailwart.Core.Config;
using Tailwart.Tui;

namespace Tailwart.Cli.Verbs;

/// <summary>
/// `tailwart` with no verb: the full-screen TUI. The config is checked first, so a bad config
/// is reported on a normal terminal (exit 2) instead of inside a half-drawn screen.
/// </summary>
public static class TuiVerb
{
    public static int Run(VerbContext context, Func<TuiOptions, TuiBackend, int> launch)
    {
        // the NativeAOT build: Terminal.Gui's configuration builds on another core while the config loads,
        // with the themes and the default one current (tailwart.json's "ui.theme" seldom changes it)
        bool color = context.Settings.Color;
        Core.Startup.DeferredModuleInitializers.StartTerminalGui(() => Tui.Theming.ThemeCatalog.Preload(UiSettings.DefaultTheme, color));
        TailwartConfig config = context.RequireConfig();
        if (context.Settings.Json)
        {
            context.Output.Error("the TUI has no --json form; use a verb such as `tailwart config show --json`.");
            return ExitCodes.Failure;
        }
        if (!context.Env.IsTerminal)
        {
            context.Output.Error("the TUI needs a terminal (stdin and stdout are not one). In scripts use a verb: tailwart config check | config show | version.");
            return ExitCodes.Failure;
        }
        ShutdownSignals.Current?.TerminateOnSignal();
        var options = new TuiOptions(config, context.Settings.ReadOnly, context.Settings.Color);
        return launch(options, TuiComposition.Build(context, config));
    }
}
