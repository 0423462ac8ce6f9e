// Placeholder until the AppHost issue fills it.
System.Console.WriteLine("AppHost: not yet implemented");
