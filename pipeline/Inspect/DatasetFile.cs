namespace DataGen.Pipeline.Inspect;

/// <summary>One Parquet part file of a run and the output it belongs to (samples, sft, dpo, rejects).</summary>
public sealed record DatasetFile(string Output, string Path);
