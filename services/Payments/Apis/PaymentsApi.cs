using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Polly.Registry;
using Reference.Payments.Infrastructure;
using Reference.Payments.Model;
using Reference.ServiceDefaults;

namespace Reference.Payments.Apis;

public static class PaymentsApi
{
    public const int MaxIdempotencyKeyLength = 200;

    public static IEndpointRouteBuilder MapPaymentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/payments");

        api.MapPost("/", Charge);

        var behaviour = api.MapGroup("/behaviour").RequireAdminKey();
        behaviour.MapGet("/", GetBehaviour);
        behaviour.MapPut("/", SetBehaviour);

        return app;
    }

    /// <summary>Authorise or decline; the same idempotency key always gets the same answer.</summary>
    public static async Task<Results<Ok<PaymentResult>, ValidationProblem, ProblemHttpResult, ServiceUnavailable>> Charge(
        PaymentRequest request, PaymentLedger ledger, ResiliencePipelineProvider<string> pipelines, CancellationToken cancellationToken)
    {
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        try
        {
            // Chaos runs in front of the ledger, as a real outage would: a failed call records nothing,
            // so the caller's retry with the same key can still succeed.
            var result = await pipelines.GetPipeline(ProviderChaos.PipelineName).ExecuteAsync(
                async token => await ledger.ChargeAsync(request.OrderId!.Value, request.Amount!.Value, request.IdempotencyKey!, token),
                cancellationToken);
            return result is not null
                ? TypedResults.Ok(result)
                : TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity,
                    title: "Charge conflicts with an earlier one.",
                    detail: $"Order {request.OrderId} was already charged another amount, or key '{request.IdempotencyKey}' was first used for another order.");
        }
        catch (ProviderFaultException fault)
        {
            // An overloaded provider says when to come back; a crashed one (500) does not know.
            return fault.StatusCode == StatusCodes.Status503ServiceUnavailable
                ? Unavailable.Problem("Payment provider failure.", fault.Message)
                : TypedResults.Problem(statusCode: fault.StatusCode, title: "Payment provider failure.", detail: fault.Message);
        }
    }

    public static Ok<ProviderBehaviour> GetBehaviour(ChaosSwitchboard chaos) => TypedResults.Ok(ProviderChaos.Behaviour(chaos));

    /// <summary>
    /// Changes latency and failure rate at run time; a field left out keeps its current value. Like every
    /// chaos setting it expires after <c>Chaos:DefaultTtl</c> (5 min), and the provider behaves again.
    /// </summary>
    public static Results<Ok<ProviderBehaviour>, ValidationProblem> SetBehaviour(
        BehaviourUpdate update, ChaosSwitchboard chaos, IOptions<ChaosOptions> chaosOptions, ILogger<BehaviourUpdate> logger)
    {
        var errors = new Dictionary<string, string[]>();
        if (update.LatencyMs is < 0 or > ProviderBehaviour.MaxLatencyMs)
        {
            errors["latencyMs"] = [$"latencyMs must be between 0 and {ProviderBehaviour.MaxLatencyMs}."];
        }
        if (update.FailureRate is { } rate && !(rate >= 0.0 && rate <= 1.0))
        {
            errors["failureRate"] = ["failureRate must be between 0.0 and 1.0."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var current = ProviderChaos.Behaviour(chaos);
        var next = new ProviderBehaviour(update.LatencyMs ?? current.LatencyMs, update.FailureRate ?? current.FailureRate);
        ProviderChaos.SetBehaviour(chaos, next, chaosOptions.Value.DefaultTtl);
        logger.LogWarning("Provider behaviour changed from {Previous} to {Current}", current, next);
        return TypedResults.Ok(next);
    }

    private static Dictionary<string, string[]> Validate(PaymentRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.OrderId is null || request.OrderId == Guid.Empty)
        {
            errors["orderId"] = ["orderId is required."];
        }
        if (request.Amount is not > 0m)
        {
            errors["amount"] = ["amount must be greater than 0."];
        }
        if (string.IsNullOrWhiteSpace(request.IdempotencyKey))
        {
            errors["idempotencyKey"] = ["idempotencyKey is required."];
        }
        else if (request.IdempotencyKey.Length > MaxIdempotencyKeyLength)
        {
            errors["idempotencyKey"] = [$"idempotencyKey must be at most {MaxIdempotencyKeyLength} characters."];
        }
        else if (InputText.Problem(request.IdempotencyKey) is { } problem)
        {
            errors["idempotencyKey"] = [$"idempotencyKey {problem}"];
        }
        return errors;
    }
}

/// <summary>Body of PUT /api/payments/behaviour.</summary>
public sealed record BehaviourUpdate(int? LatencyMs, double? FailureRate);
