using System.Text.Json.Nodes;
using Tailwart.Core.Config;
using Tailwart.Tests.Support;
using Terminal.Gui.Input;

namespace Tailwart.Tests.Config;

/// <summary>Issue 19 item 5: each hole closed at load, exit 2, with the loader's file:line: path: message, and JSON under --json.</summary>
public sealed class ConfigHolesTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string, string, string, string> Holes() => new()
    {
        { "$.tailnet.cidr", "cidr", "100.64.0.0/33", "prefix /33 is out of range for IPv4 (0-32)" },
        { "$.tailnet.cidr", "cidr", "fd7a:115c:a1e0::/129", "prefix /129 is out of range for IPv6 (0-128)" },
        { "$.tailnet.cidr", "cidr", "999.64.0.0/10", "not a network: 999.64.0.0 is not an IP address" },
        { "$.dns.resolver", "resolver", "999.1.1.1", "999.1.1.1 is not an IP address" },
        { "$.dns.resolver", "resolver", "1.1.1.1:99999", "port 99999 is out of range (1-65535)" },
        { "$.dns.resolver", "resolver", "[::1]:0", "port 0 is out of range (1-65535)" },
        { "$.edge.wanIp", "wanIp", "999.1.1.1", "not an IP address" },
        { "$.postgres.host", "host", "10.0.0.256", "not an IP address" },
        { "$.ui.keybindings.quit", "quit", "Ctrl+Shift+Banana", "not a key name: Banana is not a key" },
        { "$.ui.keybindings.quit", "quit", "Hyper+Q", "not a key name: Hyper is not a modifier" },
    };

    [Theory]
    [MemberData(nameof(Holes))]
    public async Task Each_hole_exits_2_with_its_message_on_its_line(string path, string property, string value, string message)
    {
        string config = _dir.Write("c.json", Configs.Valid(root => Set(root, path, value)));

        var run = await CliRun.InvokeAsync(_dir.Path, Configs.SecretEnvironment, false, null, "config", "check", "--config", config);

        Assert.Equal(2, run.ExitCode);
        // the writer escapes '+' as \u002B, as any JSON writer may
        string written = value.Replace("+", "\\u002B", StringComparison.Ordinal);
        int line = File.ReadAllLines(config).ToList().FindIndex(l => l.Contains($"\"{property}\": \"{written}\"", StringComparison.Ordinal)) + 1;
        Assert.True(line > 0, "the value is not in the file as written");
        Assert.Contains($"{config}:{line}: error: {path}: {message}", run.All, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Holes))]
    public async Task Under_json_each_hole_is_a_json_problem(string path, string property, string value, string message)
    {
        _ = property;
        string config = _dir.Write("c.json", Configs.Valid(root => Set(root, path, value)));

        var run = await CliRun.InvokeAsync(_dir.Path, Configs.SecretEnvironment, false, null, "status", "--json", "--config", config);

        Assert.Equal(2, run.ExitCode);
        var problems = JsonNode.Parse(run.Out)!["problems"]!.AsArray();
        Assert.Contains(problems, p => p!["path"]!.GetValue<string>() == path && p["message"]!.GetValue<string>().StartsWith(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("fd7a:115c:a1e0::/48")]
    [InlineData("100.64.0.0/10")]
    [InlineData("100.100.0.0/16")]
    public void Ipv4_and_ipv6_tailnet_ranges_load(string cidr)
    {
        var result = new ConfigLoader(() => Configs.SecretEnvironment).Load(_dir.Write("c.json", Configs.Valid(root => root["tailnet"]!["cidr"] = cidr)));
        Assert.False(result.HasErrors, string.Join('\n', result.Problems));
    }

    [Theory]
    [InlineData("127.0.0.1:5353")]
    [InlineData("[::1]:53")]
    [InlineData("::1")]
    [InlineData("9.9.9.9")]
    public void Good_resolvers_load(string resolver)
    {
        var result = new ConfigLoader(() => Configs.SecretEnvironment).Load(_dir.Write("c.json", Configs.Valid(root => root["dns"]!["resolver"] = resolver)));
        Assert.False(result.HasErrors, string.Join('\n', result.Problems));
    }

    [Fact]
    public async Task Two_actions_on_one_key_exit_2_naming_both()
    {
        string config = _dir.Write("c.json", Configs.Valid(root =>
        {
            root["ui"]!["keybindings"]!["help"] = "F5";
            root["ui"]!["keybindings"]!["refresh"] = "F5";
        }));

        var run = await CliRun.InvokeAsync(_dir.Path, Configs.SecretEnvironment, false, null, "config", "check", "--config", config);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("$.ui.keybindings.refresh: F5 is already bound to help ($.ui.keybindings.help)", run.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_duplicate_json_key_exits_2_with_both_lines()
    {
        string text = Configs.Valid().Replace("\"port\": 5432,", "\"port\": 5432,\n    \"port\": 5433,", StringComparison.Ordinal);
        string config = _dir.Write("c.json", text);
        int first = File.ReadAllLines(config).ToList().FindIndex(l => l.Contains("5432", StringComparison.Ordinal)) + 1;

        var run = await CliRun.InvokeAsync(_dir.Path, Configs.SecretEnvironment, false, null, "config", "check", "--config", config);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{config}:{first + 1}: error: $.postgres.port: written twice in one object (first on line {first})", run.All, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicated_object_is_reported_once_not_once_per_property()
    {
        string text = Configs.Valid();
        int at = text.IndexOf("\"probes\"", StringComparison.Ordinal);
        text = text.Insert(at, "\"probes\": { \"intervalSeconds\": 30 },\n  ");
        var result = new ConfigLoader(() => Configs.SecretEnvironment).Load(_dir.Write("c.json", text));
        Assert.Single(result.Problems, p => p.Message.StartsWith("written twice", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.JsonPath == "$.probes");
    }

    /// <summary>The loader's key names are Terminal.Gui's: what it accepts, Key.TryParse accepts, and the reverse for the rejects.</summary>
    [Theory]
    [InlineData("Ctrl+Q", true)]
    [InlineData("F5", true)]
    [InlineData("F24", true)]
    [InlineData("?", true)]
    [InlineData(":", true)]
    [InlineData("U", true)]
    [InlineData("Shift+Tab", true)]
    [InlineData("Alt+Enter", true)]
    [InlineData("Ctrl+Alt+Delete", true)]
    [InlineData("PageDown", true)]
    [InlineData("CursorUp", true)]
    [InlineData("Esc", true)]
    [InlineData("Ctrl+Shift+Banana", false)]
    [InlineData("Banana", false)]
    public void Key_names_agree_with_terminal_gui(string name, bool valid)
    {
        Assert.Equal(valid, KeyName.Normalise(name, out _) is not null);
        Assert.Equal(valid, Key.TryParse(name, out _));
    }

    private static void Set(JsonObject root, string path, string value)
    {
        string[] parts = path[2..].Split('.');
        JsonNode node = root;
        foreach (string p in parts[..^1])
            node = node[p]!;
        node[parts[^1]] = value;
    }
}
