using System.Runtime.CompilerServices;
using Terminal.Gui.App;
using Terminal.Gui.Drivers;

namespace Tailwart.Tui.Loop;

/// <summary>
/// Puts <see cref="QuietAnsiInput"/> under an application before <c>Init</c>. Terminal.Gui 2.5.0
/// takes a component factory only through an internal constructor, so the factory is set on the
/// instance <c>Application.Create()</c> returned (an <see cref="UnsafeAccessorAttribute"/>, which
/// NativeAOT and trimming see statically). If a later Terminal.Gui renames that field, the stock
/// driver is kept: the TUI works the same, it only idles less quietly.
/// </summary>
internal static class QuietAnsiDriver
{
    /// <summary>True when the quiet input was installed.</summary>
    public static bool Install(IApplication app, Action onInput, Action onHangup)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS() && !OperatingSystem.IsFreeBSD())
            return false;
        try
        {
            ComponentFactory(app) ??= new Factory(onInput, onHangup);
            return true;
        }
        catch (Exception e) when (e is MissingFieldException or MissingMemberException or InvalidCastException or TypeLoadException)
        {
            return false;
        }
    }

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_componentFactory")]
    private static extern ref IComponentFactory? ComponentFactory([UnsafeAccessorType("Terminal.Gui.App.ApplicationImpl, Terminal.Gui")] object app);

    private sealed class Factory(Action onInput, Action onHangup) : AnsiComponentFactory
    {
        public override IInput<char> CreateInput() => new QuietAnsiInput(onInput, onHangup);
    }
}
