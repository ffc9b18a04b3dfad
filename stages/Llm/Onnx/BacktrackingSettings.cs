namespace DataGen.Stages.Llm.Onnx;

/// <summary>One request's backtracking decoding: the cap on backtracks and the bias added to every marker's logit.</summary>
public sealed record BacktrackingSettings(int MaxBacktracks, float MarkerBias);
