namespace Reference.AppHost.Model;

/// <summary>A Redis server process (AOF on); projects reference it for <c>ConnectionStrings__&lt;name&gt;</c>.</summary>
public sealed class RedisResource(string name) : Resource(name), IResourceWithConnectionString
{
    public override string Type => "redis";
}
