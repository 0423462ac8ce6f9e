using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Reference.ServiceDefaults;

/// <summary>One versioned SQL file, embedded in a service's assembly as <c>NNNN_description.sql</c>.</summary>
public sealed partial record SqlMigration(int Version, string Name, string Sql, string Checksum)
{
    /// <summary>
    /// Every migration embedded in <paramref name="assembly"/> under <paramref name="resourcePrefix"/>
    /// (e.g. <c>Reference.Catalog.Infrastructure.Migrations.</c>), in version order. Two files with one
    /// version is a build mistake and throws.
    /// </summary>
    public static IReadOnlyList<SqlMigration> LoadEmbedded(Assembly assembly, string resourcePrefix)
    {
        var migrations = new List<SqlMigration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(resourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }
            var match = FileName().Match(resource[resourcePrefix.Length..]);
            if (!match.Success)
            {
                continue;
            }
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!, Encoding.UTF8);
            var sql = reader.ReadToEnd();
            migrations.Add(new(int.Parse(match.Groups["version"].Value), match.Groups["name"].Value, sql, ChecksumOf(sql)));
        }

        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two migrations share version {duplicate.Key}: {string.Join(", ", duplicate.Select(m => m.Name))}.");
        }
        return migrations.OrderBy(m => m.Version).ToList();
    }

    /// <summary>Line endings are normalised so a checkout on Windows does not look like an edited migration.</summary>
    public static string ChecksumOf(string sql) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql.ReplaceLineEndings("\n"))));

    [GeneratedRegex(@"^(?<version>\d{4})_(?<name>[a-z0-9_]+)\.sql$")]
    private static partial Regex FileName();
}
