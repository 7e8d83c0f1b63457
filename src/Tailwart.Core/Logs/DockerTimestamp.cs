namespace Tailwart.Core.Logs;

/// <summary>
/// Reads the timestamp Docker puts before each log line (Go's RFC 3339 with nanoseconds:
/// <c>2026-11-25T10:00:00.123456789Z</c>, trailing zeros of the fraction dropped, or an offset
/// <c>±hh:mm</c> instead of <c>Z</c>) straight from the bytes: the framework's general parser
/// was the largest cost per line. Nanoseconds are rounded to the 100 ns tick, as
/// <see cref="DateTimeOffset.Parse(string)"/> does.
/// </summary>
public static class DockerTimestamp
{
    public static bool TryParse(ReadOnlySpan<byte> s, out long utcTicks)
    {
        utcTicks = 0;
        // yyyy-MM-ddTHH:mm:ss is 19 bytes, then an optional fraction, then Z or ±hh:mm.
        if (s.Length < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':')
            return false;
        if (!Digits(s[..4], out int year) || !Digits(s[5..7], out int month) || !Digits(s[8..10], out int day)
            || !Digits(s[11..13], out int hour) || !Digits(s[14..16], out int minute) || !Digits(s[17..19], out int second))
            return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            return false;
        int i = 19;
        long fraction = 0; // in ticks
        if (s[i] == '.')
        {
            long nanos = 0;
            int digits = 0;
            for (i++; i < s.Length && s[i] is >= (byte)'0' and <= (byte)'9'; i++, digits++)
            {
                if (digits < 9)
                    nanos = (nanos * 10) + (s[i] - '0');
            }
            if (digits == 0)
                return false;
            for (int d = Math.Min(digits, 9); d < 9; d++)
                nanos *= 10;
            fraction = (nanos + 50) / 100;
        }
        long offsetTicks;
        ReadOnlySpan<byte> zone = s[i..];
        if (zone.Length == 1 && (zone[0] == 'Z' || zone[0] == 'z'))
            offsetTicks = 0;
        else if (zone.Length == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':' && Digits(zone[1..3], out int oh) && Digits(zone[4..6], out int om) && oh <= 14 && om <= 59)
            offsetTicks = (zone[0] == '-' ? -1 : 1) * ((oh * TimeSpan.TicksPerHour) + (om * TimeSpan.TicksPerMinute));
        else
            return false;
        long ticks = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).Ticks + fraction - offsetTicks;
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
            return false;
        utcTicks = ticks;
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> s, out int value)
    {
        value = 0;
        foreach (byte b in s)
        {
            if (b is < (byte)'0' or > (byte)'9')
                return false;
            value = (value * 10) + (b - '0');
        }
        return true;
    }
}
