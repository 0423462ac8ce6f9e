System.Console.WriteLine("load harness: CLI not yet implemented");
