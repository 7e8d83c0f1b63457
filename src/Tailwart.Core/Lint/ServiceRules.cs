using Tailwart.Core.Checks;
using Tailwart.Core.Config;
using YamlDotNet.RepresentationModel;

namespace Tailwart.Core.Lint;

/// <summary>The lesson-1 rules about how the sidecar and Stalwart are wired in compose.</summary>
public static class ServiceRules
{
    /// <param name="sources">Where the user wrote each key (file:line); null: the file the service was last seen in.</param>
    /// <param name="interpolate">${VAR} interpolation of a scalar as compose would do it; null: the model is already interpolated.</param>
    public static IEnumerable<Finding> Check(TailwartConfig config, IReadOnlyDictionary<string, (YamlMappingNode Node, string File)> services, IReadOnlyList<string>? files = null, ComposeSources? sources = null, Func<string, string>? interpolate = null)
    {
        interpolate ??= static s => s;
        string At(string service, string key) => sources?.Where(service, key) ?? services[service].File;
        string sidecar = config.Services.Sidecar, stalwart = config.Services.Stalwart;
        foreach (string name in new[] { sidecar, stalwart }.Where(n => !services.ContainsKey(n)))
        {
            yield return new("lint.service-missing", Severity.Failure, $"Service '{name}' is not in the compose files",
                // An empty, list-shaped or scalar `services:` yields no services; say which files were read, not a blank.
                services.Count > 0 ? string.Join(", ", services.Keys.Order(StringComparer.Ordinal)) : $"no services (a mapping under services:) in {string.Join(", ", files ?? [])}", null,
                "Fix services.* in tailwart.json to the compose service names, or add the service.");
        }
        if (services.TryGetValue(sidecar, out var side))
        {
            string? test = HealthcheckTest(side.Node) is { } raw ? interpolate(raw) : null;
            if (test is null)
            {
                yield return new("lint.sidecar-healthcheck-missing", Severity.Warning, "Sidecar has no healthcheck",
                    $"{At(sidecar, "healthcheck")}: services.{sidecar}", 1,
                    "tailwart gates Stalwart itself (tailwart up); for plain compose, add a healthcheck that checks the Postgres route.");
            }
            else if (!test.Contains(config.Postgres.Host, StringComparison.OrdinalIgnoreCase) && !test.Contains(config.Postgres.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))
            {
                yield return new("lint.sidecar-healthcheck-no-route", Severity.Warning, "Sidecar healthcheck does not check the Postgres route",
                    $"{At(sidecar, "healthcheck")}: services.{sidecar}.healthcheck.test: {test}", 1,
                    $"The sidecar turns healthy before routes work. Use tailwart up, or add a route check (e.g. echo | nc -w 2 {config.Postgres.Host} {config.Postgres.Port}) to the healthcheck.");
            }
        }
        if (services.TryGetValue(stalwart, out var st))
        {
            string? networkMode = Scalar(st.Node, "network_mode") is { } mode ? interpolate(mode) : null;
            if (networkMode != $"service:{sidecar}")
            {
                yield return new("lint.stalwart-not-in-sidecar-netns", Severity.Warning, "Stalwart does not share the sidecar's network namespace",
                    $"{At(stalwart, "network_mode")}: services.{stalwart}.network_mode: {networkMode ?? "(unset)"}", 1,
                    $"Set network_mode: service:{sidecar} so Stalwart reaches the tailnet through the sidecar.");
            }
            string? condition = DependsOnCondition(st.Node, sidecar);
            if (condition != "service_healthy")
            {
                yield return new("lint.depends-on-not-healthy", Severity.Warning, "Stalwart does not wait for a healthy sidecar",
                    $"{At(stalwart, "depends_on")}: services.{stalwart}.depends_on.{sidecar}: {condition ?? "(absent)"}", 1,
                    $"Use depends_on: {{ {sidecar}: {{ condition: service_healthy }} }}, or bring the stack up with tailwart up.");
            }
            string? restart = Scalar(st.Node, "restart") is { } policy ? interpolate(policy) : null;
            if (RestartRules.LetsDockerdStart(restart))
            {
                yield return new(RestartRules.LintId, Severity.Warning, "Stalwart's restart policy lets dockerd start it outside the gate",
                    $"{At(stalwart, "restart")}: services.{stalwart}.restart: {restart}", 1,
                    RestartRules.Fix(stalwart));
            }
        }
    }

    private static string? HealthcheckTest(YamlMappingNode service)
    {
        if (Child(service, "healthcheck") is not YamlMappingNode hc || Scalar(hc, "disable") == "true")
            return null;
        return Child(hc, "test") switch
        {
            YamlScalarNode s => s.Value,
            YamlSequenceNode seq => string.Join(' ', seq.Children.OfType<YamlScalarNode>().Select(x => x.Value)),
            _ => null,
        };
    }

    private static string? DependsOnCondition(YamlMappingNode service, string sidecar) => Child(service, "depends_on") switch
    {
        YamlSequenceNode list when list.Children.OfType<YamlScalarNode>().Any(x => x.Value == sidecar) => "service_started",
        YamlMappingNode map when Child(map, sidecar) is YamlMappingNode dep => Scalar(dep, "condition") ?? "service_started",
        _ => null,
    };

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? child) ? child : null;

    private static string? Scalar(YamlMappingNode node, string key) => (Child(node, key) as YamlScalarNode)?.Value;
}
