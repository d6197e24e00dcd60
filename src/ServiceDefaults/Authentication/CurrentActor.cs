using Microsoft.AspNetCore.Http;

namespace PijarSemar.ServiceDefaults.Authentication;

/// <summary>Who is acting: the token's subject for an HTTP request, the service itself otherwise.</summary>
public sealed class CurrentActor(IHttpContextAccessor accessor)
{
    public const string System = "system";

    public string Subject =>
        accessor.HttpContext?.User.FindFirst("sub")?.Value ?? System;
}
