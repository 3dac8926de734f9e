using Microsoft.Extensions.Primitives;

namespace Tracking.Api.Hosting;

/// <summary>
/// Headers that stop a browser from misusing the pages and answers: no content sniffing, no framing (clickjacking),
/// no referrer, and a Content-Security-Policy. Pages run only their own bundled scripts (no inline script, no eval),
/// their own style sheets (scripts set element styles through the CSSOM, which the policy allows), and talk only
/// to this host, over HTTP and the SignalR WebSocket. API answers are data: their policy allows nothing at all.
/// </summary>
public static class SecurityHeaders
{
    private static readonly StringValues NoSniff = "nosniff";
    private static readonly StringValues NoReferrer = "no-referrer";
    private static readonly StringValues Deny = "DENY";
    private static readonly StringValues ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>The pages' policy without the WebSocket sources, which name the request's own host.</summary>
    private const string PagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; connect-src 'self'";

    /// <summary>Set as the answer starts, so answers written after an exception handler cleared the response keep them.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(AddTo, context);
        return next(context);
    });

    private static Task AddTo(object state)
    {
        var context = (HttpContext)state;
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = NoSniff;
        headers.XFrameOptions = Deny;
        headers["Referrer-Policy"] = NoReferrer;
        headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/api") ? ApiPolicy : PageOf(context.Request.Host);
        return Task.CompletedTask;
    }

    // 'self' covers ws:/wss: to the same host only in CSP level 3 browsers; naming them keeps older ones working.
    private static StringValues PageOf(HostString host) =>
        host.HasValue ? $"{PagePolicy} ws://{host.Value} wss://{host.Value}" : PagePolicy;
}
