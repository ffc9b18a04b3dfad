#!/usr/bin/python3
"""Writes the tiny deterministic token classifiers the tests (ours and other helpers') use.

Each model is a Gather over a per-token-id logits table, so the toxic score of a token depends only on
its id: tests can script texts and know exactly where the spans are. Run from anywhere:
    /usr/bin/python3 tests/DataGen.Tests/Fixtures/make_test_classifiers.py
Needs only numpy and onnx (no torch). Output is deterministic; the generated files are committed.
"""
import json
import math
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
TOXIC_LOGIT = math.log(99.0)  # two labels: softmax([0, ln 99]) -> p(toxic) = 0.99


def write_model(folder, table, declare_token_types, name, graph_name=None):
    """input_ids [b, s] -> Gather(table) -> logits [b, s, labels]; attention_mask (and token_type_ids) are declared only."""
    labels = table.shape[1]
    inputs = [
        helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "seq"]),
        helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "seq"]),
    ]
    if declare_token_types:
        inputs.append(helper.make_tensor_value_info("token_type_ids", TensorProto.INT64, ["batch", "seq"]))
    output = helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", "seq", labels])
    init = numpy_helper.from_array(table.astype(np.float32), "logit_table")
    node = helper.make_node("Gather", ["logit_table", "input_ids"], ["logits"], axis=0)
    graph = helper.make_graph([node], graph_name or name, inputs, [output], [init])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="datagen-fixtures")
    model.ir_version = 8
    onnx.checker.check_model(model)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "model.onnx"), "wb") as f:
        f.write(model.SerializeToString())


def write_json(path, obj):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        json.dump(obj, f, indent=2, ensure_ascii=False)
        f.write("\n")


def two_label_table(size, toxic_ids):
    table = np.zeros((size, 2), dtype=np.float32)
    table[:, 1] = -TOXIC_LOGIT  # clean: p(toxic) = 0.01
    for i, logit in toxic_ids.items():
        table[i, 1] = logit
    return table


def logit_for(p):
    return math.log(p / (1.0 - p))


def byte_classifier(folder, toxic, name):
    # ids 0..255 bytes, 256 PAD, 257 BOS, 258 EOS
    write_model(os.path.join(HERE, folder), two_label_table(259, toxic), False, name)
    write_json(os.path.join(HERE, folder, "classifier.json"), {
        "format": "datagen-token-classifier/1",
        "onnx": "model.onnx",
        "tokenizer": {"type": "bytes"},
        "max_length": 512,
        "labels": ["O", "TOXIC"],
        "toxic_labels": ["TOXIC"],
        "threshold": 0.5,
        "name": name,
        "source": "tests/DataGen.Tests/Fixtures/make_test_classifiers.py",
        "license": "MIT",
    })


def wordpiece_classifier():
    folder = os.path.join(HERE, "test-classifier-wordpiece")
    words = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
             "you", "are", "a", "the", "good", "nice", "friend", "day", "is", "it", "what",
             "xbad", "bad", "##bad", "##s", "##ly", "x", "hello", "world", "and", "not",
             ",", ".", "!", "?", "'", "i", "am", "so", "very", "person", "thing"]
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "vocab.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(words) + "\n")
    # three labels, two of them toxic: token score = p(INSULT) + p(THREAT)
    table = np.zeros((len(words), 3), dtype=np.float32)
    table[:, 1] = -TOXIC_LOGIT
    table[:, 2] = -TOXIC_LOGIT
    table[words.index("xbad")] = [0.0, math.log(50.0), math.log(49.0)]  # p(O) = 0.01
    write_model(folder, table, True, "test-classifier-wordpiece")
    write_json(os.path.join(folder, "classifier.json"), {
        "format": "datagen-token-classifier/1",
        "onnx": "model.onnx",
        "tokenizer": {"type": "wordpiece", "vocab": "vocab.txt", "lowercase": True},
        "max_length": 64,
        "labels": ["O", "INSULT", "THREAT"],
        "toxic_labels": ["INSULT", "THREAT"],
        "threshold": 0.5,
        "name": "test-classifier-wordpiece",
        "source": "tests/DataGen.Tests/Fixtures/make_test_classifiers.py",
        "license": "MIT",
    })


def gpt2_byte_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("\u00a1"), ord("\u00ac") + 1)) + list(range(ord("\u00ae"), ord("\u00ff") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, [chr(c) for c in cs]))


def bpe_classifier():
    folder = os.path.join(HERE, "test-classifier-bpe")
    os.makedirs(folder, exist_ok=True)
    b2u = gpt2_byte_to_unicode()
    vocab = {}
    for b in range(256):
        vocab[b2u[b]] = b
    merges = [("Ġ", "x"), ("b", "a"), ("ba", "d"), ("Ġx", "bad"), ("x", "bad"),
              ("Ġ", "y"), ("o", "u"), ("Ġy", "ou"), ("a", "r"), ("ar", "e"), ("Ġ", "are")]
    for a, b in merges:
        vocab.setdefault(a + b, len(vocab))
    for special in ["<s>", "</s>", "<pad>", "<unk>"]:
        vocab[special] = len(vocab)
    write_json(os.path.join(folder, "vocab.json"), vocab)
    with open(os.path.join(folder, "merges.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("#version: 0.2\n")
        for a, b in merges:
            f.write(f"{a} {b}\n")
    toxic = {vocab["Ġxbad"]: TOXIC_LOGIT, vocab["xbad"]: TOXIC_LOGIT}
    write_model(folder, two_label_table(len(vocab), toxic), False, "test-classifier-bpe")
    write_json(os.path.join(folder, "classifier.json"), {
        "format": "datagen-token-classifier/1",
        "onnx": "model.onnx",
        "tokenizer": {"type": "bpe", "vocab": "vocab.json", "merges": "merges.txt",
                      "bos": "<s>", "eos": "</s>", "pad": "<pad>"},
        "max_length": 64,
        "labels": ["O", "TOXIC"],
        "toxic_labels": ["TOXIC"],
        "threshold": 0.5,
        "name": "test-classifier-bpe",
        "source": "tests/DataGen.Tests/Fixtures/make_test_classifiers.py",
        "license": "MIT",
    })


def bad_signature_models():
    """Models that break the classifier contract, one way each (the runtime must refuse them with a clear error)."""
    root = os.path.join(HERE, "test-classifier-bad-signatures")
    table = numpy_helper.from_array(two_label_table(259, {}), "logit_table")

    def save(name, inputs, output, nodes):
        graph = helper.make_graph(nodes, name, inputs, [output], [table])
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="datagen-fixtures")
        model.ir_version = 8
        onnx.checker.check_model(model)
        os.makedirs(os.path.join(root, name), exist_ok=True)
        with open(os.path.join(root, name, "model.onnx"), "wb") as f:
            f.write(model.SerializeToString())

    logits = helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", "seq", 2])
    ids = helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "seq"])
    mask = helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "seq"])
    # input named 'tokens' instead of input_ids
    save("no-input-ids",
         [helper.make_tensor_value_info("tokens", TensorProto.INT64, ["batch", "seq"]), mask], logits,
         [helper.make_node("Gather", ["logit_table", "tokens"], ["logits"], axis=0)])
    # input_ids declared int32
    save("int32-input-ids",
         [helper.make_tensor_value_info("input_ids", TensorProto.INT32, ["batch", "seq"]), mask], logits,
         [helper.make_node("Gather", ["logit_table", "input_ids"], ["logits"], axis=0)])
    # output named 'scores' instead of logits
    save("no-logits",
         [ids, mask], helper.make_tensor_value_info("scores", TensorProto.FLOAT, ["batch", "seq", 2]),
         [helper.make_node("Gather", ["logit_table", "input_ids"], ["scores"], axis=0)])


def main():
    byte_classifier("test-classifier", {ord("X"): TOXIC_LOGIT}, "test-classifier")
    # graded: 'X' 0.99, 'Y' 0.7, 'Z' 0.3, everything else 0.01 (threshold and span-score tests)
    byte_classifier("test-classifier-graded",
                    {ord("X"): TOXIC_LOGIT, ord("Y"): logit_for(0.7), ord("Z"): logit_for(0.3)},
                    "test-classifier-graded")
    wordpiece_classifier()
    bpe_classifier()
    bad_signature_models()


if __name__ == "__main__":
    main()
