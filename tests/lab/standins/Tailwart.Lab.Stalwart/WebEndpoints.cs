using Tailwart.Lab.Standins;

namespace Tailwart.Lab.Stalwart;

/// <summary>Unauthenticated web endpoints: <c>/healthz/live|ready</c>, MTA-STS policy, Thunderbird autoconfig.</summary>
internal static class WebEndpoints
{
    public static HttpWireResponse? TryHandle(SessionContext ctx, HttpWireRequest req)
    {
        var host = ctx.Services.Config.Hostname;
        var domain = ctx.Services.Config.Domain;
        return req.Path switch
        {
            // /healthz/ready is 200 whenever a data store is *configured*; it never pings the DB (stalwart.md §4).
            "/healthz/live" or "/healthz/ready" => Json.Problem(200, "OK", "OK"),
            "/.well-known/mta-sts.txt" => HttpWireResponse.Text(200, "text/plain",
                $"version: STSv1\nmode: enforce\nmx: {host}\nmax_age: 86400\n"),
            "/mail/config-v1.1.xml" or "/.well-known/autoconfig/mail/config-v1.1.xml" => HttpWireResponse.Text(200, "text/xml; charset=utf-8", Autoconfig(host, domain)),
            _ => null,
        };
    }

    private static string Autoconfig(string host, string domain) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <clientConfig version="1.1">
          <emailProvider id="{domain}">
            <domain>{domain}</domain>
            <displayName>{domain} Mail</displayName>
            <displayShortName>{domain}</displayShortName>
            <incomingServer type="imap">
              <hostname>{host}</hostname>
              <port>993</port>
              <socketType>SSL</socketType>
              <authentication>password-cleartext</authentication>
              <username>%EMAILADDRESS%</username>
            </incomingServer>
            <outgoingServer type="smtp">
              <hostname>{host}</hostname>
              <port>465</port>
              <socketType>SSL</socketType>
              <authentication>password-cleartext</authentication>
              <username>%EMAILADDRESS%</username>
            </outgoingServer>
          </emailProvider>
        </clientConfig>
        """;
}
