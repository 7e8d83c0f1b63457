namespace Tailwart.Core.BringUp;

/// <summary>Reads the answer addresses out of busybox (or bind) nslookup output, skipping the resolver's own.</summary>
public static class NslookupOutput
{
    public static IReadOnlyList<string> Addresses(string output)
    {
        var result = new List<string>();
        bool inAnswer = false;
        foreach (string raw in output.Split('\n'))
        {
            string line = raw.Trim();
            if (line.StartsWith("Name:", StringComparison.OrdinalIgnoreCase))
            {
                inAnswer = true;
                continue;
            }
            if (!inAnswer)
                continue; // the "Server:/Address:" header names the resolver, not the host
            if (line.StartsWith("Address", StringComparison.OrdinalIgnoreCase))
            {
                string value = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                // bind prints "Address: 1.2.3.4", old busybox "Address 1: 1.2.3.4 host"
                string address = value.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
                if (address.Length > 0 && !result.Contains(address))
                    result.Add(address);
            }
        }
        return result;
    }
}
