using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DataGen.Stages.Llm.Onnx;

/// <summary>Checks at load time that model.onnx has the datagen-causal-lm/1 inputs and outputs, so a wrong export fails with its name, not mid-run.</summary>
internal static class CausalLmSignature
{
    public static string PastKey(int layer) => $"past_key_values.{layer}.key";
    public static string PastValue(int layer) => $"past_key_values.{layer}.value";
    public static string PresentKey(int layer) => $"present.{layer}.key";
    public static string PresentValue(int layer) => $"present.{layer}.value";

    public static void Check(InferenceSession session, CausalLmDescriptor model)
    {
        var inputs = session.InputMetadata;
        var outputs = session.OutputMetadata;
        var presentCount = outputs.Keys.Count(k => k.StartsWith("present.", StringComparison.Ordinal));
        if (presentCount != 2 * model.NumLayers)
            Fail(model, $"has {presentCount} present.* outputs but model.json num_layers = {model.NumLayers} needs {2 * model.NumLayers}; fix num_layers or re-export");
        foreach (var name in new[] { "input_ids", "attention_mask", "position_ids" })
            Expect(model, inputs, "input", name, TensorElementType.Int64, rank: 2);
        Expect(model, outputs, "output", "logits", TensorElementType.Float, rank: 3, (2, model.VocabSize));
        for (var i = 0; i < model.NumLayers; i++)
        {
            foreach (var name in new[] { PastKey(i), PastValue(i) })
                Expect(model, inputs, "input", name, TensorElementType.Float, rank: 4, (1, model.NumHeads), (3, model.HeadDim));
            foreach (var name in new[] { PresentKey(i), PresentValue(i) })
                Expect(model, outputs, "output", name, TensorElementType.Float, rank: 4, (1, model.NumHeads), (3, model.HeadDim));
        }
        var extra = inputs.Keys.Where(k => k is not ("input_ids" or "attention_mask" or "position_ids")
            && !k.StartsWith("past_key_values.", StringComparison.Ordinal)).ToList();
        if (extra.Count > 0)
            Fail(model, $"has unexpected input(s) {string.Join(", ", extra)}; the contract allows input_ids, attention_mask, position_ids, past_key_values.*");
        if (inputs.Count != 3 + 2 * model.NumLayers)
            Fail(model, $"has {inputs.Count - 3} past_key_values.* inputs but num_layers = {model.NumLayers} needs {2 * model.NumLayers}; re-export with the cache inputs");
    }

    private static void Expect(CausalLmDescriptor model, IReadOnlyDictionary<string, NodeMetadata> nodes, string kind, string name,
        TensorElementType type, int rank, params (int Axis, int Size)[] fixedAxes)
    {
        if (!nodes.TryGetValue(name, out var node))
            Fail(model, $"lacks {kind} '{name}' (has {string.Join(", ", nodes.Keys)}); export with the datagen-causal-lm/1 names");
        if (!node!.IsTensor || node.ElementDataType != type || node.Dimensions.Length != rank)
            Fail(model, $"{kind} '{name}' is {node.ElementDataType}[rank {node.Dimensions.Length}] but the contract needs {type}[rank {rank}]; re-export");
        foreach (var (axis, size) in fixedAxes)
        {
            var actual = node.Dimensions[axis];
            if (actual > 0 && actual != size)
                Fail(model, $"{kind} '{name}' has size {actual} on axis {axis} but model.json implies {size}; fix model.json or re-export");
        }
    }

    private static void Fail(CausalLmDescriptor model, string problem) =>
        throw new InvalidDataException($"{model.OnnxPath}: {problem}");
}
