"""A Hugging Face causal LM (transformers, optional LoRA through peft); imported only when model.kind is "hf"."""
from __future__ import annotations

import os

import torch

from .byte_codec import largest_backtrack
from .errors import MissingDependency, TrainerError
from .events import log
from .hf_codec import HfCodec
from .marker_vocab import add_markers, marker_names, module_name


def _transformers():
    try:
        import transformers
        return transformers
    except ImportError:
        raise MissingDependency("model.kind \"hf\" needs transformers: pip install transformers (and peft for LoRA)")


def _dtype(name: str, device) -> torch.dtype:
    if name == "auto":
        cuda_bf16 = device.type == "cuda" and torch.cuda.is_bf16_supported()
        return torch.bfloat16 if cuda_bf16 else torch.float32
    return getattr(torch, name)


def _load_kwargs(transformers, dtype) -> dict:
    # transformers 4.56 renamed torch_dtype to dtype; older versions only know torch_dtype.
    major, minor = (int(x) for x in transformers.__version__.split(".")[:2])
    return {"dtype": dtype} if (major, minor) >= (4, 56) else {"torch_dtype": dtype}


class HfModel:
    kind = "hf"

    def __init__(self, settings, device):
        tf = _transformers()
        self.settings, self.device = settings, device
        try:
            self.tokenizer = tf.AutoTokenizer.from_pretrained(settings.path)
            base = tf.AutoModelForCausalLM.from_pretrained(settings.path, **_load_kwargs(tf, _dtype(settings.dtype,
                                                                                                        device)))
        except OSError as e:
            raise TrainerError(f"model.path '{settings.path}': cannot load a Hugging Face model ({e}); give a local "
                               f"folder with config.json and weights") from e
        self.added = add_markers(self.tokenizer, base)
        if self.added:
            log(f"added {len(self.added)} marker tokens to the vocabulary (rows set to the mean embedding)")
        self.lora = settings.lora is not None
        self.module = self._with_lora(base) if self.lora else base
        self.module.to(device)
        self.codec = HfCodec(self.tokenizer, largest_backtrack({n: 0 for n in marker_names()}))

    def _with_lora(self, base):
        try:
            import peft
        except ImportError:
            raise MissingDependency("model.lora needs peft: pip install peft (or set model.lora to null)")
        lo = self.settings.lora
        # New marker rows must learn, and LoRA alone never touches the embeddings, so those modules train fully.
        keep = {module_name(base, base.get_input_embeddings())} if self.added else set()
        if self.added and base.get_output_embeddings() is not None:
            keep.add(module_name(base, base.get_output_embeddings()))
        config = peft.LoraConfig(r=lo.r, lora_alpha=lo.alpha, lora_dropout=lo.dropout,
                                 target_modules=list(lo.target_modules), task_type="CAUSAL_LM",
                                 modules_to_save=sorted(k for k in keep if k) or None)
        return peft.get_peft_model(base, config)

    def base_name(self) -> str:
        return os.path.basename(str(self.settings.path).rstrip(os.sep)) or str(self.settings.path)

    def parameters(self) -> int:
        return sum(p.numel() for p in self.module.parameters())

    def trainable(self):
        return [p for p in self.module.parameters() if p.requires_grad]

    def logits(self, module, batch):
        return module(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits

    def pad_id(self):
        return self.codec.pad_id

    def state(self):
        """Only the trained tensors (LoRA adapters + saved modules, or everything for a full fine-tune)."""
        return {n: p.detach().cpu() for n, p in self.module.named_parameters() if p.requires_grad}

    def load_state(self, state):
        missing = set(state) - {n for n, _ in self.module.named_parameters()}
        if missing:
            raise TrainerError(f"checkpoint does not fit this model (unknown tensors {sorted(missing)[:3]}); use "
                               f"another output_dir or set \"resume\": false")
        self.module.load_state_dict(state, strict=False)

    def save_final(self, out_dir: str):
        model = self.module.merge_and_unload() if self.lora else self.module
        model.save_pretrained(out_dir)
        self.tokenizer.save_pretrained(out_dir)
        return None
