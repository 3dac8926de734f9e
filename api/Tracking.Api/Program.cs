using Tracking.Api.Hosting;

var app = TrackingApp.Build(args);
app.Run();

/// <summary>The entry point, visible to tests that start the real host.</summary>
public partial class Program;
