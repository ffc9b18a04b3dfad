namespace DataGen.Stages.Emit;

/// <summary>pipeline.yaml `emit:` section.</summary>
public sealed class EmitOptions : IValidatedOptions
{
    /// <summary>reset → "[RESET]"; backtrack → "[BACKTRACK_BY_k]" with k the violation's length in policy tokens.</summary>
    public string Marker { get; set; } = "backtrack";

    /// <summary>Optional category marker written before the backtrack marker, e.g. "[TOXIC]"; null for none.</summary>
    public string? CategoryMarker { get; set; }

    /// <summary>Rows per Parquet row group (a group is flushed when full).</summary>
    public int RowGroupSize { get; set; } = 1000;

    /// <summary>DPO pair kinds to emit: any of recover, avoid, clean.</summary>
    public List<string> DpoKinds { get; set; } = ["recover", "avoid", "clean"];

    /// <summary>Share of clean (no-violation) samples that also yield a `clean` pair (seeded per sample).</summary>
    public double CleanPairRate { get; set; } = 0.5;

    /// <summary>Also emit plain (prompt → clean response) SFT rows for samples without violation.</summary>
    public bool SftIncludeClean { get; set; } = true;

    /// <summary>
    /// Prompts' worth of rows per part file: every output rolls to a new part (and the run commits a resume
    /// checkpoint) after this many prompts were written.
    /// </summary>
    public int PartRows { get; set; } = 1000;

    public IEnumerable<string> Validate(string keyPath)
    {
        if (Marker is not ("reset" or "backtrack"))
            yield return $"{keyPath}.marker: '{Marker}' is not allowed; use reset or backtrack";
        if (CategoryMarker is { Length: 0 })
            yield return $"{keyPath}.category_marker: must be null or a non-empty marker such as [TOXIC]";
        if (RowGroupSize is < 1 or > 1_000_000)
            yield return $"{keyPath}.row_group_size: must be between 1 and 1000000 (got {RowGroupSize})";
        if (PartRows is < 1 or > 100_000_000)
            yield return $"{keyPath}.part_rows: must be between 1 and 100000000 prompts (got {PartRows})";
        foreach (var kind in DpoKinds)
        {
            if (kind is not ("recover" or "avoid" or "clean"))
                yield return $"{keyPath}.dpo_kinds: '{kind}' is not allowed; use recover, avoid, clean";
        }
        if (CleanPairRate is < 0 or > 1)
            yield return $"{keyPath}.clean_pair_rate: must be between 0 and 1 (got {CleanPairRate})";
    }
}
