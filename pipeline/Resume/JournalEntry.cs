namespace DataGen.Pipeline.Resume;

/// <summary>One line of journal.jsonl: exactly one of Header, Session or Checkpoint is set.</summary>
public sealed record JournalEntry(JournalHeader? Header = null, JournalSession? Session = null, JournalCheckpoint? Checkpoint = null);
