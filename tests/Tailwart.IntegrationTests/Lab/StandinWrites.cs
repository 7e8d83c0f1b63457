using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Tailwart.Lab;

namespace Tailwart.IntegrationTests.Lab;

/// <summary>
/// Lesson 1's damage, measured: a settings write through the Stalwart stand-in's admin API, and the
/// stand-in's count of writes it acknowledged while its store was unreachable (lost writes).
/// </summary>
internal static class StandinWrites
{
    private static string LostWritesFile(LabEnvironment lab) => Path.Combine(lab.Topology.StandinDirectory, "state", "lost-writes");

    public static void ResetLostWrites(LabEnvironment lab) => File.Delete(LostWritesFile(lab));

    public static long LostWrites(LabEnvironment lab) =>
        File.Exists(LostWritesFile(lab)) && long.TryParse(File.ReadAllText(LostWritesFile(lab)).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) ? n : 0;

    /// <summary>Posts one settings write, retrying until the admin API accepts it or <paramref name="within"/> passes.</summary>
    public static Task WriteASettingAsync(LabEnvironment lab, TimeSpan within) =>
        LabEnvironment.WaitUntilAsync("the stand-in's admin API to accept a settings write", ct => TryWriteASettingAsync(lab, ct), within);

    /// <summary>One settings write; false when the admin API is not there or refused it.</summary>
    public static async Task<bool> TryWriteASettingAsync(LabEnvironment lab, CancellationToken ct = default)
    {
        using var http = new HttpClient { BaseAddress = lab.Config.StalwartAdminUrl, Timeout = TimeSpan.FromSeconds(5) };
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(
            $"{lab.Config.StalwartAdminUser}:{lab.Config.ResolveSecret(lab.Config.StalwartAdminPasswordReference)}"));
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", basic);
        const string body = """[{"type":"insert","prefix":null,"values":[["lab.lesson-one","written-into-the-gap"]],"assert_empty":false}]""";
        try
        {
            using var r = await http.PostAsync(new Uri("/api/settings", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"), ct);
            return r.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
