using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace Tailwart.Core.Startup;

/// <summary>
/// Runs, on first need, the library module initializers the NativeAOT build leaves out of start-up
/// (src/Tailwart/NativeStartup.Substitutions.xml stubs them, so `tailwart version` does not pay for a
/// TUI configuration and a JSON-schema dialect registry it never uses; issue 18). The build says so with
/// the <see cref="Switch"/> AppContext switch; without it (the JIT build, the tests) the runtime has
/// already run them when the assembly loaded, and these calls do nothing.
/// </summary>
public static class DeferredModuleInitializers
{
    /// <summary>Set (true) by the NativeAOT build, whose module initializers of these libraries are stubs.</summary>
    public const string Switch = "Tailwart.DeferredModuleInitializers";

    // One lock each: Terminal.Gui's may run on the thread pool while the main thread builds the schema.
    private static readonly Lock TerminalGuiGate = new();
    private static readonly Lock JsonSchemaGate = new();
    private static bool _terminalGui;
    private static bool _jsonSchema;
    private static Action? _beforeTerminalGui;

    private static bool Deferred => AppContext.TryGetSwitch(Switch, out bool on) && on;

    /// <summary>Terminal.Gui's configuration (defaults, user config files, key bindings, themes): before the first Terminal.Gui call of the TUI.</summary>
    [DynamicDependency(DynamicallyAccessedMemberTypes.NonPublicMethods, "Terminal.Gui.ModuleInitializers", "Terminal.Gui")]
    public static void EnsureTerminalGui() => Run(TerminalGuiGate, ref _terminalGui, "Terminal.Gui.ModuleInitializers, Terminal.Gui", "InitializeConfiguration", Volatile.Read(ref _beforeTerminalGui));

    /// <summary>
    /// Starts Terminal.Gui's configuration on the thread pool, for the TUI: it then runs beside the
    /// config loading (JSON-schema dialects, validation) instead of after it, off the first frame's
    /// critical path (issue 18). <see cref="EnsureTerminalGui"/> waits for it, or runs it again and
    /// throws if it failed here. Nothing in Core touches Terminal.Gui meanwhile.
    /// </summary>
    /// <param name="before">
    /// Runs first, under the same lock, on whichever thread builds the configuration: the TUI's themes go
    /// into it there, so it is built once with them (Tailwart.Tui's ThemeCatalog.Preload).
    /// </param>
    public static void StartTerminalGui(Action? before = null)
    {
        if (!Deferred)
            return;
        Volatile.Write(ref _beforeTerminalGui, before);
        _ = Task.Run(EnsureTerminalGui);
    }

    /// <summary>JsonSchema.Net's dialects, vocabularies and meta-schemas: before the first schema is built.</summary>
    [DynamicDependency(DynamicallyAccessedMemberTypes.NonPublicMethods | DynamicallyAccessedMemberTypes.PublicMethods, "Json.Schema.__ModuleInitialization", "JsonSchema.Net")]
    public static void EnsureJsonSchema() => Run(JsonSchemaGate, ref _jsonSchema, "Json.Schema.__ModuleInitialization, JsonSchema.Net", "Initialize");

    [UnconditionalSuppressMessage("Trimming", "IL2057", Justification = "The types are kept by the DynamicDependency attributes above.")]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "The methods are kept by the DynamicDependency attributes above.")]
    private static void Run(Lock gate, ref bool done, string typeName, string method, Action? before = null)
    {
        if (!Deferred)
            return;
        lock (gate)
        {
            if (done)
                return;
            Type type = Type.GetType(typeName, throwOnError: true)!;
            MethodInfo init = type.GetMethod(method, BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
                ?? throw new InvalidOperationException($"{typeName} has no {method}: the deferred module initializer no longer matches the library version");
            before?.Invoke();
            init.Invoke(null, null);
            done = true;
        }
    }
}
