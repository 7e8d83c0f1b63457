using Serilog.Events;
using Serilog.Formatting;
using Tailwart.Core.Secrets;

namespace Tailwart.Core.Logging;

/// <summary>
/// Formats a log event as usual, then scrubs every known secret from the finished text. Working
/// on the final text (not on properties) also catches secrets inside exception messages.
/// </summary>
public sealed class RedactingFormatter(ITextFormatter inner, Redactor redactor) : ITextFormatter
{
    public void Format(LogEvent logEvent, TextWriter output)
    {
        using var buffer = new StringWriter();
        inner.Format(logEvent, buffer);
        output.Write(redactor.Redact(buffer.ToString()));
    }
}
