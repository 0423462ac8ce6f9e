namespace Reference.ServiceDefaults.Tests;

/// <summary>A service's embedded SQL files become its migrations: in version order, only its own, never two of one version.</summary>
public sealed class SqlMigrationTests
{
    [Fact]
    public void Embedded_migrations_under_the_prefix_are_found_in_version_order()
    {
        var migrations = SqlMigration.LoadEmbedded(typeof(SqlMigrationTests).Assembly, "Tests.Ordered.");

        Assert.Equal([1, 2], migrations.Select(m => m.Version));
        Assert.Equal(["first", "second"], migrations.Select(m => m.Name));
        Assert.Equal("CREATE TABLE first ();\n", migrations[0].Sql);
        Assert.Equal(SqlMigration.ChecksumOf(migrations[0].Sql), migrations[0].Checksum);
    }

    [Fact]
    public void Two_files_with_one_version_are_refused_by_name()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            SqlMigration.LoadEmbedded(typeof(SqlMigrationTests).Assembly, "Tests.Duplicate."));

        Assert.Contains("share version 1", error.Message);
        Assert.Matches(@"share version 1: (a, b|b, a)\.", error.Message);
    }

    [Fact]
    public void Checksums_ignore_line_endings_but_not_content()
    {
        Assert.Equal(SqlMigration.ChecksumOf("CREATE TABLE t ();\n"), SqlMigration.ChecksumOf("CREATE TABLE t ();\r\n"));
        Assert.NotEqual(SqlMigration.ChecksumOf("CREATE TABLE t ();"), SqlMigration.ChecksumOf("CREATE TABLE u ();"));
    }
}
