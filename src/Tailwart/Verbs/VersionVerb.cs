using System.CommandLine;
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

    /// <summary>The project's version (a build constant: reading it by reflection was a quarter of the NativeAOT start-up).</summary>
    public const string Version = BuildInfo.Version;

    public static int Run(VerbContext context)
    {
        var report = Report();
        if (context.Settings.Json)
            context.Output.Json(report, CliJson.Default.VersionReport);
        else
            context.Output.Line(Text(report));
        return ExitCodes.Ok;
    }

    // The self-contained build knows its runtime when it is built; RuntimeInformation would find it by reflection.
    public static VersionReport Report() => new(
        Version,
        BuildInfo.Runtime is { Length: > 0 } runtime ? runtime : RuntimeInformation.FrameworkDescription,
        BuildInfo.RuntimeIdentifier is { Length: > 0 } rid ? rid : RuntimeInformation.RuntimeIdentifier);

    public static string Text(VersionReport report) => $"tailwart {report.Version} ({report.Runtime}, {report.Os})";
}
