using System.Text;
using System.Text.Json.Nodes;
using Tailwart.Tests.Bans;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Reliability;

/// <summary>Where a canary secret comes from in the config.</summary>
public enum SecretSource { Environment, File, Inline }

/// <summary>
/// Loopback stand-ins (a management API, a Spaceship that says 200, a DNS server that says NXDOMAIN)
/// and a config whose every secret is a unique canary, given by environment, file or inline.
/// On the failure path Stalwart and Spaceship are closed ports and the admin password is wrong.
/// </summary>
public sealed class CanaryLab : IAsyncDisposable
{
    private static readonly string[] Secrets = ["postgres.password", "stalwart.adminPassword", "spaceship.apiKey", "spaceship.apiSecret"];
    private readonly FakeStalwartServer _stalwart = new();
    private readonly FakeStalwartServer _spaceship = new() { Raw = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}") };
    private readonly DnsResponder _dns = new(DnsAnswer.NxDomain);

    public CanaryLab(SecretSource source, bool success)
    {
        string tag = Guid.NewGuid().ToString("N")[..10];
        Values = Secrets.ToDictionary(s => s, s => $"canary-{s.Replace('.', '-')}-{tag}");
        if (success)
            Values["stalwart.adminPassword"] = FakeStalwartServer.Password;
        _stalwart.Blocked.Add("198.51.100.20");
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        var secretFiles = new List<string>();
        string text = LoopbackConfig.Text(
            stalwartPort: success ? _stalwart.Port : null, spaceshipPort: success ? _spaceship.Port : null, dnsPort: _dns.Port,
            edit: root =>
            {
                foreach (var (path, value) in Values)
                {
                    string[] keys = path.Split('.');
                    string name = "CANARY_" + keys[1].ToUpperInvariant();
                    root[keys[0]]![keys[1]] = source switch
                    {
                        SecretSource.Environment => $"env:{name}",
                        SecretSource.File => "file:" + SecretFile(name, value, secretFiles),
                        _ => value,
                    };
                    env[name] = value;
                }
            });
        Environment = env;
        SecretFiles = secretFiles;
        ConfigPath = Dir.Write("tailwart.json", text);
    }

    public TempDir Dir { get; } = new();

    public TempDir State { get; } = new();

    public Dictionary<string, string> Values { get; }

    public IReadOnlyDictionary<string, string> Environment { get; }

    public IReadOnlyList<string> SecretFiles { get; }

    public string ConfigPath { get; }

    private string SecretFile(string name, string value, List<string> files)
    {
        string file = Dir.Write(name.ToLowerInvariant() + ".secret", value + "\n");
        files.Add(file);
        return file;
    }

    public async ValueTask DisposeAsync()
    {
        await _stalwart.DisposeAsync();
        await _spaceship.DisposeAsync();
        _dns.Dispose();
        Dir.Dispose();
        State.Dispose();
    }
}
