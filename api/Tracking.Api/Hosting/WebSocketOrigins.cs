namespace Tracking.Api.Hosting;

/// <summary>
/// When <c>Auth:AllowedOrigins</c> lists origins (<c>https://tv.example.com</c>), a WebSocket request from a page
/// of any other origin is refused with 403 before it reaches the hub: browsers do not apply the same-origin rule to
/// WebSockets, so without this any site a user visits could open the live channel with the user's network access.
/// Requests without an <c>Origin</c> header (not from a browser) are not affected. Without the setting every origin
/// is accepted, as before.
/// </summary>
public static class WebSocketOrigins
{
    public const string Setting = "Auth:AllowedOrigins";

    public static IApplicationBuilder UseWebSocketOriginCheck(this IApplicationBuilder app, IConfiguration configuration)
    {
        var origins = configuration.GetSection(Setting).Get<string[]>() ?? [];
        var options = new WebSocketOptions();
        foreach (var origin in origins.Where(o => !string.IsNullOrWhiteSpace(o))) options.AllowedOrigins.Add(origin.Trim().TrimEnd('/'));
        return app.UseWebSockets(options);
    }
}
