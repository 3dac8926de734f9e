using Tracking.Api.Access;
using Tracking.Api.Hosting;

if (args is [TokenCommand.Name, ..])
{
    // The token command reads the same settings as the server (appsettings.json, environment) and starts nothing.
    var settings = new ConfigurationBuilder()
        .SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables()
        .Build();
    return TokenCommand.Run(args[1..], settings, Console.Out, Console.Error);
}

try
{
    var app = TrackingApp.Build(args);
    app.Run();
    return 0;
}
catch (AccessRefusedException refused)
{
    Console.Error.WriteLine(refused.Message);
    return 2;
}

/// <summary>The entry point, visible to tests that start the real host.</summary>
public partial class Program;
