// Every test here starts nodes and signaling in this process, and they share the process-wide Prometheus
// registry (each node publishes its gauges into it): one at a time, so a test reads its own node's figures.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
