namespace DataGen.Pipeline.Manifest;

/// <summary>
/// How the run was resumable and resumed: sessions that worked on it (1 = never resumed), prompts this session skipped
/// because earlier sessions committed them, prompts committed in all, and the journal file.
/// </summary>
public sealed record ManifestResume(int Sessions, long PromptsSkipped, long PromptsCommitted, string Journal);
