using System.Text.Json;

namespace Reference.Chaos.FaultProxy.Model;

/// <summary>Names as they appear on the wire, for messages that quote them.</summary>
public static class JsonNames
{
    public static string Camel(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);
}
