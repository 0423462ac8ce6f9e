using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Reference.Ordering.Infrastructure.Migrations;

/// <summary>One versioned SQL file, embedded in the assembly as <c>NNNN_description.sql</c>.</summary>
public sealed partial record Migration(int Version, string Name, string Sql, string Checksum)
{
    /// <summary>Every embedded migration in version order; two files with one version is a build mistake.</summary>
    public static IReadOnlyList<Migration> LoadEmbedded()
    {
        var assembly = typeof(Migration).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var match = FileName().Match(resource);
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

    /// <summary>Line endings normalised, so a Windows checkout does not look like an edited migration.</summary>
    public static string ChecksumOf(string sql) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql.ReplaceLineEndings("\n"))));

    [GeneratedRegex(@"\.Migrations\.(?<version>\d{4})_(?<name>[a-z0-9_]+)\.sql$")]
    private static partial Regex FileName();
}
