namespace Reference.ServiceDefaults.Admission;

/// <summary>
/// How much a request matters when there is not room for everything, in the spirit of the criticality
/// bands of Google's SRE book ("Handling Overload"): under overload the least critical work is shed first,
/// so the journeys that earn money keep their SLO longest.
/// </summary>
public enum Criticality
{
    /// <summary>Shed first (browsing: the client can retry a page view at no cost).</summary>
    Sheddable = 0,

    /// <summary>Shed after sheddable work.</summary>
    Default = 1,

    /// <summary>Shed last (checkout: a refused order is lost revenue and a retry the client must manage).</summary>
    Critical = 2,
}

/// <summary>Says how critical a request is. A service without its own answer treats everything as <see cref="Criticality.Default"/>.</summary>
public interface IRequestCriticality
{
    Criticality Of(Microsoft.AspNetCore.Http.HttpContext context);
}

internal sealed class UniformCriticality : IRequestCriticality
{
    public Criticality Of(Microsoft.AspNetCore.Http.HttpContext context) => Criticality.Default;
}
