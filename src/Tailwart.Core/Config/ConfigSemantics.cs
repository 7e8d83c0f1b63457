using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Tailwart.Core.Config;

/// <summary>
/// What the schema's patterns cannot say, checked at load so it fails there with the file, line
/// and path, instead of falling back silently at runtime: a CIDR whose prefix is out of range, an
/// IP address with an octet over 255, a resolver port over 65535, a key name nothing can press,
/// two actions on one key, and a property written twice.
/// </summary>
public static class ConfigSemantics
{
    public static IEnumerable<ConfigProblem> Check(TailwartConfig config, string file, JsonLineMap lines)
    {
        foreach (var (path, first, line) in lines.Duplicates.Where((d, i) => !lines.Duplicates.Take(i).Any(o => d.Path.StartsWith(o.Path + ".", StringComparison.Ordinal))))
            yield return new(ConfigSeverity.Error, file, line, path, $"written twice in one object (first on line {first}): JSON keeps only the last one, so an edit of the first copy does nothing; remove one");

        if (CidrProblem(config.Tailnet.Cidr) is { } cidr)
            yield return new(ConfigSeverity.Error, file, lines.LineOf("$.tailnet.cidr"), "$.tailnet.cidr", cidr, "a network such as 100.64.0.0/10 or fd7a:115c:a1e0::/48", config.Tailnet.Cidr);

        if (config.Dns.Resolver is { } resolver && ResolverProblem(resolver) is { } dns)
            yield return new(ConfigSeverity.Error, file, lines.LineOf("$.dns.resolver"), "$.dns.resolver", dns, "ip or ip:port (port 1-65535), e.g. 127.0.0.1:5353 or [::1]:53", resolver);

        if (!string.Equals(config.Edge.WanIp, "resolve", StringComparison.OrdinalIgnoreCase) && !IsAddress(config.Edge.WanIp))
            yield return new(ConfigSeverity.Error, file, lines.LineOf("$.edge.wanIp"), "$.edge.wanIp", "not an IP address", "resolve, or an address such as 203.0.113.7", config.Edge.WanIp);

        if (LooksLikeIPv4(config.Postgres.Host) && !IsAddress(config.Postgres.Host))
            yield return new(ConfigSeverity.Error, file, lines.LineOf("$.postgres.host"), "$.postgres.host", "not an IP address (an octet is over 255 or missing), and not a host name either", "a MagicDNS name or an address such as 100.101.102.103", config.Postgres.Host);

        foreach (var problem in KeyProblems(config.Ui.Keybindings, file, lines))
            yield return problem;
    }

    /// <summary>Why <paramref name="text"/> is not a network, or null.</summary>
    public static string? CidrProblem(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return "no network given";
        string[] parts = text.Split('/');
        if (parts.Length != 2)
            return "not a network: write ADDRESS/PREFIX";
        if (!IsAddress(parts[0]))
            return $"not a network: {parts[0]} is not an IP address";
        int max = IPAddress.Parse(parts[0]).AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int prefix) || prefix > max)
            return $"prefix /{parts[1]} is out of range for {(max == 32 ? "IPv4" : "IPv6")} (0-{max})";
        return null;
    }

    /// <summary>Why <paramref name="text"/> is not ip or ip:port, or null.</summary>
    public static string? ResolverProblem(string text)
    {
        string host = text, port = "";
        if (text.StartsWith('['))
        {
            int close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
                return "an opening [ without its ]";
            host = text[1..close];
            string rest = text[(close + 1)..];
            if (rest.Length > 0 && !rest.StartsWith(':'))
                return "after ] only :port may follow";
            port = rest.Length > 0 ? rest[1..] : "";
        }
        else if (text.Count(c => c == ':') == 1)
        {
            host = text[..text.IndexOf(':', StringComparison.Ordinal)];
            port = text[(text.IndexOf(':', StringComparison.Ordinal) + 1)..];
        }
        if (!IsAddress(host))
            return $"{host} is not an IP address";
        if (port.Length > 0 && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int p) || p < 1 || p > 65535))
            return $"port {port} is out of range (1-65535)";
        return null;
    }

    /// <summary>A strict address: IPv4 only as four dotted decimal octets (IPAddress.Parse takes "1" as 0.0.0.1).</summary>
    public static bool IsAddress(string? text)
    {
        if (string.IsNullOrEmpty(text) || !IPAddress.TryParse(text, out IPAddress? ip))
            return false;
        if (ip.AddressFamily == AddressFamily.InterNetworkV6)
            return text.Contains(':', StringComparison.Ordinal);
        string[] octets = text.Split('.');
        return octets.Length == 4 && octets.All(o => o.Length is > 0 and <= 3 && o.All(char.IsAsciiDigit) && int.Parse(o, CultureInfo.InvariantCulture) <= 255);
    }

    private static bool LooksLikeIPv4(string text) => text.Length > 0 && text.All(c => char.IsAsciiDigit(c) || c == '.') && text.Contains('.', StringComparison.Ordinal);

    private static IEnumerable<ConfigProblem> KeyProblems(KeyBindings keys, string file, JsonLineMap lines)
    {
        var bound = new List<(string Path, string Action, string Key, string Normal)>
        {
            ("$.ui.keybindings.quit", "quit", keys.Quit, ""),
            ("$.ui.keybindings.help", "help", keys.Help, ""),
            ("$.ui.keybindings.command", "command", keys.Command, ""),
            ("$.ui.keybindings.bringUp", "bringUp", keys.BringUp, ""),
            ("$.ui.keybindings.refresh", "refresh", keys.Refresh, ""),
        };
        var seen = new Dictionary<string, (string Path, string Action)>(StringComparer.Ordinal);
        foreach (var (path, action, key, _) in bound)
        {
            if (KeyName.Normalise(key, out string? why) is not { } normal)
            {
                yield return new(ConfigSeverity.Error, file, lines.LineOf(path), path, $"not a key name: {why}", "a key such as Ctrl+Q, F5, U, ? or Shift+Tab", key);
                continue;
            }
            if (seen.TryGetValue(normal, out var other))
                yield return new(ConfigSeverity.Error, file, lines.LineOf(path), path, $"{key} is already bound to {other.Action} ({other.Path}): one key, one action; pick another", null, key);
            else
                seen[normal] = (path, action);
        }
    }
}
