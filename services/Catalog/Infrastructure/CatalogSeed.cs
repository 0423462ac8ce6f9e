using Npgsql;
using NpgsqlTypes;
using Reference.Catalog.Model;

namespace Reference.Catalog.Infrastructure;

/// <summary>
/// A realistic outdoor-gear catalogue generated from brands × types × ranges, so every run (and
/// every test) sees the same items with the same ids and prices, without a data file to maintain.
/// </summary>
public static class CatalogSeed
{
    private static readonly string[] Brands =
    [
        "Northwind", "Contoso", "Fabrikam", "Adventure Works", "Tailspin", "Woodgrove",
        "Litware", "Proseware", "Wide World", "Alpine Ski House", "Coho", "Trey Research",
    ];

    /// <summary>Type as filtered on, the noun used in a product name, and a typical price.</summary>
    private static readonly (string Type, string Noun, decimal BasePrice)[] Types =
    [
        ("Jackets", "Jacket", 120m), ("Footwear", "Hiking Boot", 140m), ("Backpacks", "Backpack", 90m),
        ("Tents", "Tent", 250m), ("Sleeping Bags", "Sleeping Bag", 110m), ("Headlamps", "Headlamp", 35m),
        ("Water Bottles", "Water Bottle", 20m), ("Cookware", "Camp Stove", 60m),
    ];

    /// <summary>Product range and how it scales the price.</summary>
    private static readonly (string Range, decimal Factor, string Pitch)[] Ranges =
    [
        ("Classic", 0.85m, "dependable everyday kit that shrugs off years of use"),
        ("Lightweight", 1.0m, "every gram counted for fast days in the hills"),
        ("Expedition", 1.45m, "built for long trips, hard weather and heavy loads"),
    ];

    /// <summary>Every seed item, ids 1..N in insertion order.</summary>
    public static IReadOnlyList<CatalogItem> Items { get; } = Generate();

    private static List<CatalogItem> Generate()
    {
        var items = new List<CatalogItem>(Brands.Length * Types.Length * Ranges.Length);
        foreach (var (range, factor, pitch) in Ranges)
        {
            foreach (var (type, noun, basePrice) in Types)
            {
                for (var b = 0; b < Brands.Length; b++)
                {
                    var brand = Brands[b];
                    // Brands sit at five price points from budget to premium; prices end in .99.
                    var brandFactor = 0.9m + (b % 5) * 0.05m;
                    var price = decimal.Round(basePrice * factor * brandFactor, 0) - 0.01m;
                    items.Add(new CatalogItem(
                        items.Count + 1,
                        $"{brand} {range} {noun}",
                        $"The {range} {noun.ToLowerInvariant()} from {brand}: {pitch}.",
                        price,
                        brand,
                        type));
                }
            }
        }
        return items;
    }

    /// <summary>Inserts <see cref="Items"/> when the table is empty; returns how many rows it wrote. Caller holds the migration lock.</summary>
    public static async Task<int> SeedIfEmptyAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using (var any = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM catalog_items)", connection))
        {
            if ((bool)(await any.ExecuteScalarAsync(cancellationToken))!)
            {
                return 0;
            }
        }

        // Ids come from the identity column, so later inserts continue after the seed without a setval.
        await using var import = await connection.BeginBinaryImportAsync(
            "COPY catalog_items (name, description, price, brand, type) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var item in Items)
        {
            await import.StartRowAsync(cancellationToken);
            await import.WriteAsync(item.Name, NpgsqlDbType.Varchar, cancellationToken);
            await import.WriteAsync(item.Description, NpgsqlDbType.Varchar, cancellationToken);
            await import.WriteAsync(item.Price, NpgsqlDbType.Numeric, cancellationToken);
            await import.WriteAsync(item.Brand, NpgsqlDbType.Varchar, cancellationToken);
            await import.WriteAsync(item.Type, NpgsqlDbType.Varchar, cancellationToken);
        }
        await import.CompleteAsync(cancellationToken);
        return Items.Count;
    }
}
