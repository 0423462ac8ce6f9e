namespace Reference.AppHost.Model;

/// <summary>
/// Something the AppHost runs or provides: a declaration, not a process. Like an Aspire resource it
/// has a name, the resources it waits for before starting, and the variables it adds to the
/// environment of the projects that reference it.
/// </summary>
public abstract class Resource(string name)
{
    private readonly List<Resource> _waitsFor = [];

    public string Name { get; } = ResourceNames.Validate(name);

    /// <summary>What the control API reports as <c>type</c>: project, postgres, redis or dashboard.</summary>
    public abstract string Type { get; }

    /// <summary>Resources that must be Running (healthy) before this one starts.</summary>
    public IReadOnlyList<Resource> WaitsFor => _waitsFor;

    /// <summary>The resource that owns the process; a database lives inside its server.</summary>
    public virtual Resource Owner => this;

    internal void AddWait(Resource dependency)
    {
        if (dependency.Owner == Owner) throw new ArgumentException($"'{Name}' cannot wait for itself.", nameof(dependency));
        if (!_waitsFor.Contains(dependency)) _waitsFor.Add(dependency);
    }

    /// <summary>Every resource this one needs in the run: waits, references, owners.</summary>
    internal virtual IEnumerable<Resource> Dependencies => _waitsFor;

    public override string ToString() => $"{Type} '{Name}'";
}

/// <summary>A resource others reach through <c>ConnectionStrings__&lt;name&gt;</c>, as Aspire passes it.</summary>
public interface IResourceWithConnectionString
{
    string Name { get; }
}

public static class ResourceNames
{
    /// <summary>Names become environment variable segments and URL path segments: keep them plain.</summary>
    public static string Validate(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') || !char.IsAsciiLetterLower(name[0]))
            throw new ArgumentException($"Resource name '{name}' must start with a lowercase letter and contain only lowercase letters, digits and '-'.", nameof(name));
        return name;
    }
}

public static class ResourceExtensions
{
    /// <summary>Start this resource only once <paramref name="dependency"/> is Running and healthy.</summary>
    public static T WaitFor<T>(this T resource, Resource dependency) where T : Resource
    {
        resource.AddWait(dependency);
        return resource;
    }
}
