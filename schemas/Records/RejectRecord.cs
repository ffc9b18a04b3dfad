namespace DataGen.Schemas;

/// <summary>A row that failed in a stage: recorded with its stage, reason code and message, never silently dropped.</summary>
public sealed record RejectRecord(string Stage, string Reason, string Message, string PromptId, int SampleIndex, string Source, long Line);
