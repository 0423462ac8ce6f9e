using System.ComponentModel.DataAnnotations;

namespace Reference.ServiceDefaults.Buyers;

/// <summary>
/// The key buyer tokens are signed with (<c>BuyerTokens</c> section; the AppHost generates one per run and
/// gives it to the gateway, Basket and Ordering as <c>BuyerTokens__SigningKey</c>). Required: a service that
/// serves buyers does not start without it, rather than serve everyone or no one.
/// </summary>
public sealed class BuyerTokenOptions
{
    public const string Section = "BuyerTokens";

    [Required(ErrorMessage = "BuyerTokens:SigningKey is required (environment variable BuyerTokens__SigningKey; the AppHost sets it).")]
    [MinLength(BuyerToken.MinKeyLength, ErrorMessage = "BuyerTokens:SigningKey must be at least 32 characters.")]
    public string? SigningKey { get; set; }
}
