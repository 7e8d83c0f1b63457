using System.CommandLine;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Tailwart.Cli.Verbs;

/// <summary>`tailwart version`: touches no config, no Docker, no network.</summary>
public static class VersionVerb
{
    public static Command Create(VerbRunner guarded)
    {
        var version = new Command("version", "Print tailwart's version.");
        version.SetAction((parse, ct) => guarded(parse, c => Task.FromResult(Run(c)), ct));
        return version;
    }

    public static string Version =>
        typeof(VersionVerb).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static int Run(VerbContext context)
    {
        var report = Report();
        if (context.Settings.Json)
            context.Output.Json(report, CliJson.Default.VersionReport);
        else
            context.Output.Line(Text(report));
        return ExitCodes.Ok;
    }

    public static VersionReport Report() => new(Version, RuntimeInformation.FrameworkDescription, RuntimeInformation.RuntimeIdentifier);

    public static string Text(VersionReport report) => $"tailwart {report.Version} ({report.Runtime}, {report.Os})";
}
