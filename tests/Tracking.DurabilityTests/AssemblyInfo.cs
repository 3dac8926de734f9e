// Each test runs real server processes and loads a 2-core machine on its own: one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
