namespace DataGen.Benchmarks;

/// <summary>Live managed bytes after full blocking, compacting collections (finalizers run in between).</summary>
public static class LiveHeap
{
    public static long Bytes()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: false);
    }
}
