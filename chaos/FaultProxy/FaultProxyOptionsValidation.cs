using Microsoft.Extensions.Options;

namespace Reference.Chaos.FaultProxy;

/// <summary>Fails start-up naming each bad setting, not just "invalid".</summary>
internal sealed class FaultProxyOptionsValidation : IValidateOptions<FaultProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, FaultProxyOptions options)
    {
        var problems = options.Problems().ToArray();
        return problems.Length == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
