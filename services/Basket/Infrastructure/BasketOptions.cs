using System.ComponentModel.DataAnnotations;

namespace Reference.Basket.Infrastructure;

/// <summary>Bound from the <c>Basket</c> configuration section and validated on start.</summary>
public sealed class BasketOptions : IValidatableObject
{
    public const string Section = "Basket";

    /// <summary>How long an untouched basket lives; every write starts the clock again.</summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Where Catalog is: a service-discovery name by default, resolved from services:catalog:http:0.</summary>
    [Required, Url]
    public string CatalogUrl { get; set; } = "http://catalog";

    /// <summary>How many products' last known prices are remembered in memory for the degraded path.</summary>
    [Range(0, 1_000_000)]
    public int LastKnownPriceCapacity { get; set; } = 10_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Ttl <= TimeSpan.Zero) yield return new("Basket:Ttl must be > 0.", [nameof(Ttl)]);
    }
}
