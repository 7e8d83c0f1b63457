using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tailwart.IntegrationTests.Support;

/// <summary>
/// The shipped tailwart.json with every endpoint on a closed loopback port (9) and the compose
/// project in a test's own folder, so a TUI run against it reaches nothing and changes nothing.
/// The secrets are a canary file that a test can look for on the screen.
/// </summary>
public static class ClosedPortsConfig
{
    public const string Canary = "canary-tmux-5d2e";

    /// <summary>Writes the config (and its secret file) into <paramref name="dir"/>; returns the config's path.</summary>
    public static string Write(string dir, bool unresolvedKey = false)
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.Root, "tailwart.json")))!.AsObject();
        root.Remove("$schema");
        root["compose"]!["projectDirectory"] = dir;
        root["dns"]!["resolver"] = "127.0.0.1:9";
        root["stalwart"]!["adminUrl"] = "http://127.0.0.1:9";
        root["spaceship"]!["baseUrl"] = "http://127.0.0.1:9/api/v1";
        root["certspotter"]!["baseUrl"] = "http://127.0.0.1:9/v1";
        root["postgres"]!["password"] = "file:pg";
        root["stalwart"]!["adminPassword"] = "file:pg";
        root["spaceship"]!["apiKey"] = "file:pg";
        root["spaceship"]!["apiSecret"] = "file:pg";
        if (unresolvedKey)
            root["spaceship"]!["apiKey"] = "env:TW_TMUX_UNSET_SPACESHIP_KEY";
        File.WriteAllText(Path.Combine(dir, "pg"), Canary);
        File.SetUnixFileMode(Path.Combine(dir, "pg"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        string config = Path.Combine(dir, "tailwart.json");
        File.WriteAllText(config, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return config;
    }
}
