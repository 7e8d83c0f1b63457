using Tailwart.Core.Presenting;
using Tailwart.Tui.Panes;
using Tailwart.Tui.Theming;
using Terminal.Gui.Configuration;
using Terminal.Gui.Testing;

namespace Tailwart.Tests.Tui;

/// <summary>
/// What the first frame no longer does (issue 18) must not change what is on screen: themes put into
/// Terminal.Gui's configuration before it is built, views that draw every cell without a clear first,
/// and tailwart's own one-row tabs in the place of Terminal.Gui's, with the panes behind hidden.
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
    public void The_tab_row_names_every_tab_by_its_key_and_marks_the_front_one_without_colour()
    {
        using var tui = new TuiHarness(width: 80, height: 24, color: false);

        string[] rows = tui.Screen().Split('\n');
        tui.Press(Terminal.Gui.Input.Key.D4);
        string[] after = tui.Screen().Split('\n');

        // one row holds all five, the front one in brackets; the pane starts on the row below it
        int row = tui.Window.Tabs.ViewportToScreen().Y;
        Assert.Contains("[1 Logs] 2 Certs  3 Bans  4 Checks  5 Probes ─", rows[row], StringComparison.Ordinal);
        Assert.Equal(row + 1, tui.Window.Logs.ViewportToScreen().Y);
        Assert.Contains(" 1 Logs  2 Certs  3 Bans [4 Checks] 5 Probes ─", after[row], StringComparison.Ordinal);
        Assert.Same(tui.Window.Checks, tui.Window.Tabs.Value);
    }

    [Fact]
    public void A_click_on_a_tab_label_brings_that_tab_to_the_front()
    {
        using var tui = new TuiHarness(width: 80, height: 24);
        var (_, starts) = tui.Window.Tabs.Header();
        var origin = tui.Window.Tabs.ViewportToScreen();

        tui.App.InjectSequence(InputInjectionExtensions.LeftButtonClick(new System.Drawing.Point(origin.X + starts[2] + 3, origin.Y)));
        tui.WaitFor(() => tui.Window.Tabs.Value == tui.Window.Bans, "the click on \"3 Bans\"");

        Assert.Contains("[3 Bans]", tui.Screen(), StringComparison.Ordinal);
        Assert.True(tui.Window.Bans.HasFocus);
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
    public void A_pane_behind_the_front_tab_is_hidden_until_it_comes_to_the_front()
    {
        using var tui = new TuiHarness(width: 80, height: 24);
        tui.Window.Bans.Show([PresentedLine.Plain("192.0.2.7 banned for a brute force")]);

        string behind = tui.Screen();
        tui.Window.Show(tui.Window.Bans);
        string front = tui.Screen();

        Assert.True(tui.Window.Bans.Visible);
        Assert.Equal([tui.Window.Bans], tui.Window.Panes.Where(p => p.Visible));
        Assert.DoesNotContain("192.0.2.7", behind, StringComparison.Ordinal);
        Assert.Contains("192.0.2.7 banned for a brute force", front, StringComparison.Ordinal);
        Assert.Contains("[3 Bans]", front, StringComparison.Ordinal);
    }
}
