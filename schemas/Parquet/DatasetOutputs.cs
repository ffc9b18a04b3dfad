namespace DataGen.Schemas.Parquet;

/// <summary>Output folder names under the run directory; each holds part-NNNNN.parquet files of one fixed schema.</summary>
public static class DatasetOutputs
{
    public const string Samples = "samples";
    public const string Sft = "sft";
    public const string Dpo = "dpo";
    public const string Rejects = "rejects";

    public static readonly IReadOnlyList<string> All = [Samples, Sft, Dpo, Rejects];
}
