using Reference.Catalog.Infrastructure;
using Reference.ServiceDefaults;

namespace Reference.Catalog.Tests.Unit;

public sealed class MigrationFileTests
{
    [Fact]
    public void Embedded_migrations_are_found_in_version_order()
    {
        var migrations = CatalogDatabaseInitializer.Migrations;

        Assert.Equal([1, 2], migrations.Select(m => m.Version));
        Assert.Equal(["create_catalog", "add_updated_at"], migrations.Select(m => m.Name));
        Assert.All(migrations, m => Assert.Contains("catalog_items", m.Sql));
    }

    [Fact]
    public void Checksums_ignore_line_endings_but_not_content()
    {
        Assert.Equal(SqlMigration.ChecksumOf("CREATE TABLE t ();\n"), SqlMigration.ChecksumOf("CREATE TABLE t ();\r\n"));
        Assert.NotEqual(SqlMigration.ChecksumOf("CREATE TABLE t ();"), SqlMigration.ChecksumOf("CREATE TABLE u ();"));
    }
}
