using System.Globalization;
using System.Text;
using Tailwart.Core.Logs;

namespace Tailwart.Tests.Logs;

/// <summary>The hand-written reader of Docker's timestamps agrees with the framework's parser.</summary>
public sealed class DockerTimestampTests
{
    [Theory]
    [InlineData("2026-11-25T10:00:00.123456789Z")]
    [InlineData("2026-11-25T10:00:00.12345678Z")]
    [InlineData("2026-11-25T10:00:00.1234567Z")]
    [InlineData("2026-11-25T10:00:00.999999999Z")]
    [InlineData("2026-11-25T10:00:00.5Z")]
    [InlineData("2026-11-25T10:00:00Z")]
    [InlineData("2024-02-29T23:59:59.000000001Z")]
    [InlineData("2026-11-25T10:00:00.25+02:00")]
    [InlineData("2026-11-25T01:30:00-05:30")]
    [InlineData("1999-12-31T23:59:59.9999999999Z")]
    public void Reads_the_same_instant_as_DateTimeOffset_Parse(string text)
    {
        DateTimeOffset expected = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

        Assert.True(DockerTimestamp.TryParse(Encoding.ASCII.GetBytes(text), out long ticks));
        Assert.Equal(expected.UtcTicks, ticks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2026-11-25")]
    [InlineData("2026-13-25T10:00:00Z")]
    [InlineData("2026-02-30T10:00:00Z")]
    [InlineData("2026-11-25T24:00:00Z")]
    [InlineData("2026-11-25T10:60:00Z")]
    [InlineData("2026-11-25T10:00:00.Z")]
    [InlineData("2026-11-25T10:00:00")]
    [InlineData("2026-11-25T10:00:00+0200")]
    [InlineData("2026-11-25 10:00:00Z")]
    [InlineData("2O26-11-25T10:00:00Z")]
    [InlineData("INFO")]
    public void Refuses_what_is_not_Dockers_format(string text)
    {
        Assert.False(DockerTimestamp.TryParse(Encoding.ASCII.GetBytes(text), out _));
    }
}
