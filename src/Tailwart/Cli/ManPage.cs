using System.CommandLine;
using System.Text;
using Tailwart.Core.Config;

namespace Tailwart.Cli;

/// <summary>
/// tailwart(1), generated: every verb's description, arguments and options from the command tree,
/// its exit codes, examples and files from <see cref="VerbManuals"/>, and the config keys from the
/// schema. The shipped src/Tailwart/tailwart.1 is this output (ManPageTests keeps them equal), so
/// the man page can say nothing `--help` does not.
/// </summary>
public static class ManPage
{
    public static string Render(RootCommand root, string version)
    {
        var s = new StringBuilder();
        s.AppendLine($".TH TAILWART 1 \"\" \"tailwart {Escape(version)}\" \"User Commands\"");
        s.AppendLine(".SH NAME");
        s.AppendLine(@"tailwart \- supervise a Stalwart mail stack in Docker Compose behind a Tailscale sidecar");
        s.AppendLine(".SH SYNOPSIS");
        s.AppendLine(".B tailwart");
        s.AppendLine(@"[\fIoptions\fR] [\fIverb\fR [\fIverb options\fR] [\fIarguments\fR]]");
        s.AppendLine(".SH DESCRIPTION");
        s.AppendLine(Text(root.Description));
        s.AppendLine(".SH OPTIONS");
        s.AppendLine("These apply to every verb.");
        foreach (Option option in root.Options.Where(o => o.Recursive || o.Name == "--version"))
            Option(s, option);
        Manual(s, VerbManuals.For("tailwart"), "EXIT STATUS", "EXAMPLES", "FILES");
        s.AppendLine(".SH VERBS");
        foreach (var (path, command) in Walk(root, "tailwart").Skip(1))
        {
            s.AppendLine($".SS \"{Escape(path)}\"");
            s.AppendLine(Text(command.Description));
            foreach (Argument argument in command.Arguments)
            {
                s.AppendLine($".TP\n.I {Escape(argument.Name)}");
                s.AppendLine(Text(argument.Description));
            }
            foreach (Option option in command.Options.Where(o => !o.Recursive))
                Option(s, option);
            Manual(s, VerbManuals.For(path), null, null, null);
        }
        s.AppendLine(".SH CONFIGURATION");
        s.AppendLine("Keys of tailwart.json (see README.md, Config); a key left out takes its default (tailwart config show \\-\\-defaults).");
        foreach (ConfigKey key in ConfigSchema.Instance.Keys())
        {
            string detail = key.Required ? "required" : key.HasDefault ? "default " + (key.Default?.ToJsonString() ?? "null") : "optional";
            s.AppendLine($".TP\n.B {Escape(key.Path)}\n({Escape(detail)}) {Escape(key.Meaning)}");
        }
        s.AppendLine(".SH SEE ALSO");
        s.AppendLine("README.md of tailwart; doctor.schema.json and tailwart.schema.json beside the binary.");
        return s.ToString();
    }

    private static void Option(StringBuilder s, Option option)
    {
        var names = new[] { option.Name }.Concat(option.Aliases).Where(n => n.StartsWith('-') && n != "-?").Distinct(StringComparer.Ordinal);
        string value = option.ValueType == typeof(bool) || option.Arity.MaximumNumberOfValues == 0 ? "" : " \\fIvalue\\fR";
        s.AppendLine($".TP\n.B {string.Join(", ", names.Select(Escape))}{value}");
        s.AppendLine(Text(option.Description));
    }

    /// <summary>A verb's exit codes, examples and files; the top-level manual under section headings of its own.</summary>
    private static void Manual(StringBuilder s, VerbManual? manual, string? exits, string? examples, string? files)
    {
        if (manual is null)
            return;
        s.AppendLine(exits is null ? ".PP\nExit codes:" : $".SH {exits}");
        foreach (var (code, meaning) in manual.ExitCodes)
            s.AppendLine($".TP\n.B {code}\n{Escape(meaning)}");
        s.AppendLine(examples is null ? ".PP\nExamples:" : $".SH {examples}");
        foreach (var (command, what) in manual.Examples)
            s.AppendLine($".TP\n.B {Escape(command)}\n{Escape(what)}");
        if (manual.Files.Count > 0)
        {
            s.AppendLine(files is null ? ".PP\nFiles:" : $".SH {files}");
            foreach (string file in manual.Files)
                s.AppendLine($".IP \\(bu 2\n{Escape(file)}");
        }
    }

    private static IEnumerable<(string Path, Command Command)> Walk(Command command, string path)
    {
        yield return (path, command);
        foreach (Command sub in command.Subcommands.Where(c => !c.Hidden))
        {
            foreach (var nested in Walk(sub, $"{path} {sub.Name}"))
                yield return nested;
        }
    }

    /// <summary>A paragraph of running text; a line may not start with roff's control characters.</summary>
    private static string Text(string? text) => Escape(text ?? "");

    private static string Escape(string text)
    {
        string escaped = text.Replace("\\", "\\e", StringComparison.Ordinal).Replace("-", "\\-", StringComparison.Ordinal);
        return escaped.StartsWith('.') || escaped.StartsWith('\'') ? "\\&" + escaped : escaped;
    }
}
