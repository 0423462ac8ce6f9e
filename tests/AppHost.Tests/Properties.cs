// Each test class starts real Postgres, Redis and .NET processes; on a small machine, one at a time
// keeps start-up times honest and deadlines meaningful.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
