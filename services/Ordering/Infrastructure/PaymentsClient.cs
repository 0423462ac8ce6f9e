using System.Net;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Timeout;

namespace Reference.Ordering.Infrastructure;

/// <summary>What one attempt to take payment came to.</summary>
public abstract record PaymentAttempt
{
    public sealed record Authorised(Guid PaymentId) : PaymentAttempt;
    public sealed record Declined(Guid PaymentId) : PaymentAttempt;
    /// <summary>No answer (timeout, fault, breaker open): the order stays PendingPayment and is tried again.</summary>
    public sealed record Failed(string Reason) : PaymentAttempt;
    /// <summary>Payments refused the request (a 4xx other than 408/429): the same request will be refused again.</summary>
    public sealed record Rejected(string Reason) : PaymentAttempt;
}

/// <summary>
/// Charges an order at Payments (<c>http://payments</c>) through the <c>"payments"</c> pipeline.
/// The idempotency key is the order id, so any number of attempts, from checkout or from any replica's
/// settlement worker, charge the order at most once.
/// </summary>
public sealed partial class PaymentsClient(HttpClient http, ResiliencePipelineProvider<string> pipelines, ILogger<PaymentsClient> logger)
{
    private sealed record ChargeRequest(Guid OrderId, decimal Amount, string IdempotencyKey);
    private sealed record ChargeResponse(Guid PaymentId, string Status);

    public async Task<PaymentAttempt> ChargeAsync(Guid orderId, decimal amount, CancellationToken cancellationToken)
    {
        var pipeline = pipelines.GetPipeline<HttpResponseMessage>(PaymentsResilience.PipelineName);
        var request = new ChargeRequest(orderId, amount, orderId.ToString());
        try
        {
            using var response = await pipeline.ExecuteAsync(
                static async (state, ct) => await state.http.PostAsJsonAsync("/api/payments", state.request, ct),
                (http, request), cancellationToken);

            if (response.StatusCode != HttpStatusCode.OK)
            {
                // 4xx means we sent something Payments will never accept: retrying cannot help. The settler
                // counts these and dead-letters the order after a few, instead of retrying it forever.
                if ((int)response.StatusCode is >= 400 and < 500 and not 408 and not 429)
                {
                    LogRejected(logger, orderId, (int)response.StatusCode);
                    return new PaymentAttempt.Rejected($"payments answered {(int)response.StatusCode}");
                }
                return new PaymentAttempt.Failed($"payments answered {(int)response.StatusCode}");
            }

            var answer = await response.Content.ReadFromJsonAsync<ChargeResponse>(cancellationToken);
            return answer switch
            {
                { Status: "Authorised" } => new PaymentAttempt.Authorised(answer.PaymentId),
                { Status: "Declined" } => new PaymentAttempt.Declined(answer.PaymentId),
                _ => new PaymentAttempt.Failed($"payments answered an unknown status '{answer?.Status}'"),
            };
        }
        catch (BrokenCircuitException)
        {
            return new PaymentAttempt.Failed("payments circuit open");
        }
        catch (TimeoutRejectedException)
        {
            return new PaymentAttempt.Failed("payments timed out");
        }
        catch (HttpRequestException ex)
        {
            return new PaymentAttempt.Failed($"payments unreachable: {ex.Message}");
        }
        catch (System.Text.Json.JsonException ex)
        {
            return new PaymentAttempt.Failed($"payments sent an unreadable answer: {ex.Message}");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Payments rejected the charge for order {OrderId} with {StatusCode}")]
    private static partial void LogRejected(ILogger logger, Guid orderId, int statusCode);
}
