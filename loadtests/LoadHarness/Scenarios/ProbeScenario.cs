namespace Reference.Load.Scenarios;

/// <summary>One GET against one URL: for measuring the harness itself and comparing with wrk.</summary>
public static class ProbeScenario
{
    public static Scenario Create(Uri url)
    {
        var baseAddress = new Uri(url.GetLeftPart(UriPartial.Authority) + "/");
        var pathAndQuery = url.PathAndQuery;
        return new Scenario("probe", baseAddress,
        [
            new Step("get", 1, _ => new HttpRequestMessage(HttpMethod.Get, pathAndQuery)),
        ]);
    }
}
