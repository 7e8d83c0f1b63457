using Tailwart.Core.Presenting;
using Tailwart.Tui.Panes;
using Tailwart.Tui.Theming;
using Terminal.Gui.Configuration;

namespace Tailwart.Tests.Tui;

/// <summary>
/// What the first frame no longer does (issue 18) must not change what is on screen: themes put into
/// Terminal.Gui's configuration before it is built, views that draw every cell without a clear first,
/// and panes behind the front tab that draw nothing.
/// </summary>
[Collection(TuiTestGroup.Name)]
public sealed class FirstFrameTests
{
    [Fact]
    public void Preloaded_themes_are_current_after_terminal_guis_one_build_and_apply_builds_nothing_more()
    {
        try
        {
            // given: the native build's order: the themes go in, then Terminal.Gui builds its configuration once
            ThemeCatalog.Preload("high-contrast", color: true);
            TuiConfigurationBuilder.Shared.ApplyToStaticFacades();
            string built = TuiConfigurationBuilder.Shared.RuntimeConfig!;

            // when
            string applied = ThemeCatalog.Apply("high-contrast", color: true);

            // then: in use, and the configuration was not given again to be rebuilt
            Assert.Equal("high-contrast", applied);
            Assert.Equal("high-contrast", ThemeCatalog.Current);
            Assert.Same(built, TuiConfigurationBuilder.Shared.RuntimeConfig);
            // NO_COLOR still wins over what was preloaded
            Assert.Equal("monochrome", ThemeCatalog.Apply("high-contrast", color: false));
            Assert.Equal("monochrome", ThemeCatalog.Current);
        }
        finally
        {
            ThemeCatalog.Apply("default", color: true);
        }
    }

    [Fact]
    public void A_theme_file_that_does_not_parse_is_left_for_apply_to_report()
    {
        string dir = Directory.CreateTempSubdirectory("tailwart-themes-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "broken.json"), "{ \"Themes\": ");
            string? before = TuiConfigurationBuilder.Shared.RuntimeConfig;

            ThemeCatalog.Preload("default", color: true, dir);

            Assert.Same(before, TuiConfigurationBuilder.Shared.RuntimeConfig);
            Assert.ThrowsAny<System.Text.Json.JsonException>(() => ThemeCatalog.Apply("broken", color: true, dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Tab_headers_given_their_width_sit_where_terminal_gui_would_measure_them()
    {
        using var tui = new TuiHarness(width: 80, height: 24);
        // the same titles in a plain Terminal.Gui Tabs, left to measure its headers
        using var plain = new Terminal.Gui.Views.Tabs();
        Terminal.Gui.ViewBase.View[] twins = [.. tui.Window.Panes.Select(p => new Terminal.Gui.ViewBase.View { Title = p.Title })];
        plain.Add(twins);

        for (int i = 0; i < twins.Length; i++)
        {
            var given = (Terminal.Gui.ViewBase.BorderView)tui.Window.Panes[i].Border.View!;
            var measured = (Terminal.Gui.ViewBase.BorderView)twins[i].Border.View!;
            Assert.Equal(measured.EffectiveTabLength, given.EffectiveTabLength);
            Assert.Equal(measured.TabOffset, given.TabOffset);
        }
        Assert.Contains("│Logs│Certs│Bans│Checks│Probes│", tui.Screen(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_shorter_report_leaves_nothing_of_the_longer_one_on_screen()
    {
        using var tui = new TuiHarness(width: 80, height: 24);
        tui.Window.Show(tui.Window.Checks);
        tui.Window.Checks.Show([PresentedLine.Plain("✗ a first finding whose explanation reaches far to the right"), PresentedLine.Plain("✗ and a second one")]);
        string before = tui.Flat(tui.Window.Checks.Body);

        tui.Window.Checks.Show([PresentedLine.Plain("✓ ok")]);
        string after = tui.Flat(tui.Window.Checks.Body);

        Assert.Contains("far to the right", before, StringComparison.Ordinal);
        Assert.Equal("✓ ok", after);
    }

    [Fact]
    public void A_pane_behind_the_front_tab_draws_nothing_until_it_comes_to_the_front()
    {
        using var tui = new TuiHarness(width: 80, height: 24);
        tui.Window.Bans.Show([PresentedLine.Plain("192.0.2.7 banned for a brute force")]);

        string behind = tui.Screen();
        bool wasBehind = PaneTabs.IsBehind(tui.Window.Bans);
        tui.Window.Show(tui.Window.Bans);
        string front = tui.Screen();

        Assert.True(wasBehind);
        Assert.False(PaneTabs.IsBehind(tui.Window.Bans));
        Assert.True(PaneTabs.IsBehind(tui.Window.Logs));
        Assert.DoesNotContain("192.0.2.7", behind, StringComparison.Ordinal);
        Assert.Contains("192.0.2.7 banned for a brute force", front, StringComparison.Ordinal);
    }
}
