using System.Text.Json;
using System.Text.Json.Serialization;
using Reference.Load.Stats;
using Reference.Load.Thresholds;

namespace Reference.Load.Reports;

/// <summary>The run and its verdict as JSON (camelCase, like every other contract in the project).</summary>
public static class JsonReport
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Render(RunResult result, Verdict verdict) => JsonSerializer.Serialize(new
    {
        verdict = new { passed = verdict.Passed, checks = verdict.Checks },
        result,
    }, Options);
}
