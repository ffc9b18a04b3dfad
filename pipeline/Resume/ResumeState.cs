using DataGen.Pipeline.Engine;
using DataGen.Stages.Emit;

namespace DataGen.Pipeline.Resume;

/// <summary>Where a stopped run stands, read from its journal: what the next session skips and carries on from.</summary>
public sealed class ResumeState(string runFolder, JournalState journal)
{
    public string RunFolder { get; } = runFolder;
    public JournalState Journal { get; } = journal;
    public JournalHeader Header => Journal.Header;

    /// <summary>Number of the session about to start (the first build was session 1).</summary>
    public int Session => Journal.Sessions + 1;

    public long PromptsCommitted => Journal.LastCheckpoint?.PromptsCommitted ?? 0;
    public bool Complete => Journal.LastCheckpoint?.Complete ?? false;
    public RunTotals Totals => Journal.LastCheckpoint?.Totals ?? RunTotals.Empty;
    public IReadOnlyList<string> CommittedFiles => Journal.LastCheckpoint?.Files ?? [];

    /// <summary>The sink's committed totals with absolute file paths; null before the first checkpoint.</summary>
    public DatasetSummary? Outputs => Journal.LastCheckpoint is { } c
        ? new DatasetSummary(c.RowsPerOutput, c.DpoPairsByKind, [.. c.Files.Select(f => Path.GetFullPath(f, RunFolder))], c.Skipped)
        : null;

    public static ResumeState Read(string runFolder)
    {
        var folder = Path.GetFullPath(runFolder);
        if (!Directory.Exists(folder))
            throw new JournalException($"{folder}: no such run folder; pass the folder a stopped `datagen build` wrote (it holds {RunJournal.FileName})");
        return new ResumeState(folder, RunJournal.Read(folder));
    }

    /// <summary>Why this resume request cannot continue the run (empty when it can).</summary>
    public IEnumerable<string> Problems(string configHash, long? seed, long? limit, bool force)
    {
        if (configHash != Header.ConfigHash && !force)
            yield return $"{Header.ConfigPath}: the config changed since the run started (hash {Short(configHash)}, the run used {Short(Header.ConfigHash)}); " +
                "resume with the same config, or pass --force to continue with this one";
        if (seed is { } s && s != Header.Seed)
            yield return $"--seed {s}: the run was started with seed {Header.Seed}; a resume keeps it (leave --seed out)";
        if (limit is { } l && l != Header.Limit)
            yield return $"--limit {l}: the run was started with --limit {Header.Limit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"}; a resume keeps it (leave --limit out)";
    }

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;
}
