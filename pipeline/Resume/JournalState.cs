namespace DataGen.Pipeline.Resume;

/// <summary>What a journal says: the header, the sessions so far, the last checkpoint (null when none) and the byte length of its valid lines.</summary>
public sealed record JournalState(JournalHeader Header, int Sessions, JournalCheckpoint? LastCheckpoint, long ValidLength);
