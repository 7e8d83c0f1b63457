using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Display;
using Tailwart.Core.Secrets;
using Tailwart.Core.State;

namespace Tailwart.Core.Logging;

/// <summary>
/// The one logging set-up: Microsoft.Extensions.Logging over a daily rolling file under the state
/// directory, behind the redaction layer. Nothing is ever logged to the terminal, so the TUI's
/// screen and a verb's stdout/--json stay clean.
/// </summary>
public static class TailwartLogging
{
    public const string FilePrefix = "tailwart-";

    public static ILoggerFactory Create(StatePaths state, Redactor redactor, bool verbose)
    {
        string directory = StatePaths.EnsurePrivateDirectory(state.LogDirectory);
        var template = new MessageTemplateTextFormatter("{Timestamp:yyyy-MM-ddTHH:mm:ss.fffzzz} {Level:u3} {SourceContext}: {Message:lj}{NewLine}{Exception}");
        Serilog.Core.Logger serilog = new LoggerConfiguration()
            .MinimumLevel.Is(verbose ? LogEventLevel.Debug : LogEventLevel.Information)
            .WriteTo.File(
                new RedactingFormatter(template, redactor),
                Path.Combine(directory, FilePrefix + ".log"),
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 14,
                fileSizeLimitBytes: 16 * 1024 * 1024,
                rollOnFileSizeLimit: true,
                hooks: new PrivateFileHooks())
            .CreateLogger();
        return LoggerFactory.Create(b => b.AddSerilog(serilog, dispose: true).SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Information));
    }
}
