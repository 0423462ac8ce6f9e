System.Console.WriteLine("load harness: not yet implemented");
