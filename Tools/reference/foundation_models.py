"""Reference parameter counts of Hugging Face foundation models, from transformers itself.

Every case is a config constructed in code (no download): the real published configs of the
models Goldilocks has presets for, and seeded random variants of every supported
architecture (other widths, depths, head counts, KV-head counts, head sizes, tied or untied
heads, biases, expert counts). Each model is built on the `meta` device (no memory is
allocated for weights) from the class named in `architectures`, and its parameters are
counted as `sum(p.numel() for p in model.parameters())`, which counts tied weights once.
For mixture-of-experts models `active_params` is every parameter outside the experts (the
router included) plus top/experts of the experts' parameters.

Writes, next to the Swift tests that read them:
  Tests/SpecLanguageTests/Fixtures/hf_counts.json        every case: config as saved, counts
  Tests/SpecLanguageTests/Fixtures/hf_configs/NAME/config.json  the real configs, as
      `save_pretrained` writes them (only the keys that differ from the class defaults)
  Tests/SpecLanguageTests/Fixtures/hf_defaults.json      each config class's defaults

Run: python Tools/reference/foundation_models.py   (torch, transformers; CPU only)
"""

import json
import os
import random
import sys
import tempfile

import torch
import transformers
from transformers import (
    BertConfig,
    DistilBertConfig,
    Gemma2Config,
    GPT2Config,
    LlamaConfig,
    MistralConfig,
    MixtralConfig,
    Phi3Config,
    Qwen2Config,
)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "Tests", "SpecLanguageTests", "Fixtures")

CONFIG_CLASSES = {
    "llama": LlamaConfig,
    "mistral": MistralConfig,
    "qwen2": Qwen2Config,
    "phi3": Phi3Config,
    "gemma2": Gemma2Config,
    "mixtral": MixtralConfig,
    "gpt2": GPT2Config,
    "bert": BertConfig,
    "distilbert": DistilBertConfig,
}

LLAMA3_ROPE = {
    "factor": 8.0,
    "low_freq_factor": 1.0,
    "high_freq_factor": 4.0,
    "original_max_position_embeddings": 8192,
    "rope_type": "llama3",
}

# The published configs (values as in each model's config.json on the Hub).
REAL = {
    "llama-3.1-8b": (
        "llama",
        "LlamaForCausalLM",
        dict(
            vocab_size=128256, hidden_size=4096, intermediate_size=14336,
            num_hidden_layers=32, num_attention_heads=32, num_key_value_heads=8,
            max_position_embeddings=131072, rms_norm_eps=1e-5, rope_theta=500000.0,
            rope_scaling=LLAMA3_ROPE, tie_word_embeddings=False, bos_token_id=128000,
            eos_token_id=[128001, 128008, 128009], torch_dtype="bfloat16",
        ),
    ),
    "llama-3.1-70b": (
        "llama",
        "LlamaForCausalLM",
        dict(
            vocab_size=128256, hidden_size=8192, intermediate_size=28672,
            num_hidden_layers=80, num_attention_heads=64, num_key_value_heads=8,
            max_position_embeddings=131072, rms_norm_eps=1e-5, rope_theta=500000.0,
            rope_scaling=LLAMA3_ROPE, tie_word_embeddings=False, bos_token_id=128000,
            eos_token_id=[128001, 128008, 128009], torch_dtype="bfloat16",
        ),
    ),
    "llama-3.2-1b": (
        "llama",
        "LlamaForCausalLM",
        dict(
            vocab_size=128256, hidden_size=2048, intermediate_size=8192,
            num_hidden_layers=16, num_attention_heads=32, num_key_value_heads=8, head_dim=64,
            max_position_embeddings=131072, rms_norm_eps=1e-5, rope_theta=500000.0,
            rope_scaling=dict(LLAMA3_ROPE, factor=32.0), tie_word_embeddings=True,
            bos_token_id=128000, eos_token_id=[128001, 128008, 128009], torch_dtype="bfloat16",
        ),
    ),
    "mistral-7b": (
        "mistral",
        "MistralForCausalLM",
        dict(
            vocab_size=32000, hidden_size=4096, intermediate_size=14336,
            num_hidden_layers=32, num_attention_heads=32, num_key_value_heads=8,
            max_position_embeddings=32768, rms_norm_eps=1e-5, rope_theta=10000.0,
            sliding_window=4096, tie_word_embeddings=False, torch_dtype="bfloat16",
        ),
    ),
    "qwen2-7b": (
        "qwen2",
        "Qwen2ForCausalLM",
        dict(
            vocab_size=152064, hidden_size=3584, intermediate_size=18944,
            num_hidden_layers=28, num_attention_heads=28, num_key_value_heads=4,
            max_position_embeddings=131072, rms_norm_eps=1e-6, rope_theta=1000000.0,
            sliding_window=131072, max_window_layers=28, use_sliding_window=False,
            tie_word_embeddings=False, bos_token_id=151643, eos_token_id=151643,
            torch_dtype="bfloat16",
        ),
    ),
    "qwen2.5-0.5b": (
        "qwen2",
        "Qwen2ForCausalLM",
        dict(
            vocab_size=151936, hidden_size=896, intermediate_size=4864,
            num_hidden_layers=24, num_attention_heads=14, num_key_value_heads=2,
            max_position_embeddings=32768, rms_norm_eps=1e-6, rope_theta=1000000.0,
            sliding_window=32768, max_window_layers=24, use_sliding_window=False,
            tie_word_embeddings=True, bos_token_id=151643, eos_token_id=151643,
            torch_dtype="bfloat16",
        ),
    ),
    "phi-3-mini": (
        "phi3",
        "Phi3ForCausalLM",
        dict(
            vocab_size=32064, hidden_size=3072, intermediate_size=8192,
            num_hidden_layers=32, num_attention_heads=32, num_key_value_heads=32,
            max_position_embeddings=4096, original_max_position_embeddings=4096,
            rms_norm_eps=1e-5, rope_theta=10000.0, sliding_window=2047,
            tie_word_embeddings=False, bos_token_id=1, eos_token_id=32000, pad_token_id=32000,
            torch_dtype="bfloat16",
        ),
    ),
    "gemma-2-9b": (
        "gemma2",
        "Gemma2ForCausalLM",
        dict(
            vocab_size=256000, hidden_size=3584, intermediate_size=14336,
            num_hidden_layers=42, num_attention_heads=16, num_key_value_heads=8, head_dim=256,
            max_position_embeddings=8192, rms_norm_eps=1e-6, rope_theta=10000.0,
            query_pre_attn_scalar=256, sliding_window=4096, final_logit_softcapping=30.0,
            attn_logit_softcapping=50.0, hidden_activation="gelu_pytorch_tanh",
            tie_word_embeddings=True, bos_token_id=2, eos_token_id=1, pad_token_id=0,
            torch_dtype="float32",
        ),
    ),
    "mixtral-8x7b": (
        "mixtral",
        "MixtralForCausalLM",
        dict(
            vocab_size=32000, hidden_size=4096, intermediate_size=14336,
            num_hidden_layers=32, num_attention_heads=32, num_key_value_heads=8,
            num_local_experts=8, num_experts_per_tok=2, max_position_embeddings=32768,
            rms_norm_eps=1e-5, rope_theta=1000000.0, router_aux_loss_coef=0.02,
            tie_word_embeddings=False, torch_dtype="bfloat16",
        ),
    ),
    "gpt2": (
        "gpt2",
        "GPT2LMHeadModel",
        dict(
            vocab_size=50257, n_positions=1024, n_ctx=1024, n_embd=768, n_layer=12, n_head=12,
            activation_function="gelu_new", task_specific_params={
                "text-generation": {"do_sample": True, "max_length": 50}},
        ),
    ),
    "bert-base": (
        "bert",
        "BertForMaskedLM",
        dict(
            vocab_size=30522, hidden_size=768, num_hidden_layers=12, num_attention_heads=12,
            intermediate_size=3072, max_position_embeddings=512, type_vocab_size=2,
            hidden_act="gelu", layer_norm_eps=1e-12, pad_token_id=0,
        ),
    ),
    "bert-base-model": (
        "bert",
        "BertModel",
        dict(
            vocab_size=30522, hidden_size=768, num_hidden_layers=12, num_attention_heads=12,
            intermediate_size=3072, max_position_embeddings=512, type_vocab_size=2,
        ),
    ),
    "distilbert": (
        "distilbert",
        "DistilBertForMaskedLM",
        dict(
            vocab_size=30522, dim=768, n_layers=6, n_heads=12, hidden_dim=3072,
            max_position_embeddings=512, sinusoidal_pos_embds=False, tie_weights_=True,
        ),
    ),
}

# The classes a config may name, per model_type (the Swift reader accepts the same).
CLASSES = {
    "llama": ["LlamaForCausalLM", "LlamaModel"],
    "mistral": ["MistralForCausalLM", "MistralModel"],
    "qwen2": ["Qwen2ForCausalLM", "Qwen2Model"],
    "phi3": ["Phi3ForCausalLM", "Phi3Model"],
    "gemma2": ["Gemma2ForCausalLM", "Gemma2Model"],
    "mixtral": ["MixtralForCausalLM", "MixtralModel"],
    "gpt2": ["GPT2LMHeadModel", "GPT2Model"],
    "bert": ["BertModel", "BertForMaskedLM"],
    "distilbert": ["DistilBertModel", "DistilBertForMaskedLM"],
}


def counts(model, config):
    """Total parameters (tied once) and those used per token."""
    total = sum(p.numel() for p in model.parameters())
    experts = sum(p.numel() for name, p in model.named_parameters() if ".experts." in name)
    if experts:
        top = config.num_experts_per_tok
        every = config.num_local_experts
        assert (experts * top) % every == 0
        active = total - experts + experts * top // every
    else:
        active = total
    return total, active


def build(model_type, architecture, values):
    config = CONFIG_CLASSES[model_type](**values)
    config.architectures = [architecture]
    with torch.device("meta"):
        model = getattr(transformers, architecture)(config)
    return config, model


def random_variant(model_type, rng):
    """A seeded random config of `model_type` with small sizes (built on meta, so any size)."""
    v = {}
    if model_type in ("gpt2",):
        heads = rng.choice([1, 2, 3, 4, 6, 8])
        v = dict(
            n_head=heads, n_embd=heads * rng.choice([8, 16, 24, 64]), n_layer=rng.randint(1, 5),
            vocab_size=rng.randint(50, 5000), n_positions=rng.choice([16, 64, 128, 1024]),
        )
        if rng.random() < 0.5:
            v["n_inner"] = rng.randint(8, 300)
        return v
    if model_type == "bert":
        heads = rng.choice([1, 2, 4, 6, 12])
        return dict(
            num_attention_heads=heads, hidden_size=heads * rng.choice([8, 16, 32, 64]),
            num_hidden_layers=rng.randint(1, 4), intermediate_size=rng.randint(8, 500),
            vocab_size=rng.randint(50, 5000), max_position_embeddings=rng.choice([16, 128, 512]),
            type_vocab_size=rng.choice([1, 2, 3]),
        )
    if model_type == "distilbert":
        heads = rng.choice([1, 2, 4, 6, 12])
        return dict(
            n_heads=heads, dim=heads * rng.choice([8, 16, 32, 64]), n_layers=rng.randint(1, 4),
            hidden_dim=rng.randint(8, 500), vocab_size=rng.randint(50, 5000),
            max_position_embeddings=rng.choice([16, 128, 512]),
        )
    kv = rng.choice([1, 2, 4, 8])
    heads = kv * rng.choice([1, 2, 3, 4])
    head_dim = rng.choice([8, 16, 32, 64])
    hidden = heads * head_dim
    v = dict(
        num_attention_heads=heads, num_key_value_heads=kv, hidden_size=hidden,
        num_hidden_layers=rng.randint(1, 5), intermediate_size=rng.randint(8, 700),
        vocab_size=rng.randint(50, 7000), tie_word_embeddings=rng.random() < 0.5,
        max_position_embeddings=rng.choice([128, 4096, 32768]),
    )
    if model_type in ("llama", "mistral", "gemma2", "mixtral", "qwen2") and rng.random() < 0.5:
        # head_dim independent of hidden_size / heads
        v["head_dim"] = rng.choice([8, 16, 24, 48])
        v["hidden_size"] = rng.choice([32, 48, 96, 160])
    if model_type == "phi3":
        # the default pad id 32000 must lie inside the (random, smaller) vocabulary
        v.update(pad_token_id=None, bos_token_id=None, eos_token_id=None)
    if model_type == "llama":
        v["attention_bias"] = rng.random() < 0.4
        v["mlp_bias"] = rng.random() < 0.4
    if model_type == "gemma2":
        v["attention_bias"] = rng.random() < 0.3
    if model_type == "mixtral":
        experts = rng.randint(2, 8)
        v["num_local_experts"] = experts
        v["num_experts_per_tok"] = rng.randint(1, experts)
        # keep experts × top divisible so active is an integer
        v["intermediate_size"] = experts * rng.randint(2, 60)
    return v


def jsonable(config):
    return json.loads(config.to_json_string(use_diff=False))


def main():
    print("torch", torch.__version__, "transformers", transformers.__version__, file=sys.stderr)
    cases = []
    config_dir = os.path.join(FIXTURES, "hf_configs")
    os.makedirs(config_dir, exist_ok=True)
    for name, (model_type, architecture, values) in REAL.items():
        config, model = build(model_type, architecture, values)
        total, active = counts(model, config)
        cases.append(dict(name=name, model_type=model_type, architecture=architecture,
                          real=True, config=jsonable(config), total_params=total,
                          active_params=active))
        with tempfile.TemporaryDirectory() as folder:
            config.save_pretrained(folder)
            with open(os.path.join(folder, "config.json")) as handle:
                saved = handle.read()
        os.makedirs(os.path.join(config_dir, name), exist_ok=True)
        with open(os.path.join(config_dir, name, "config.json"), "w") as handle:
            handle.write(saved)
        print(f"{name:18} {total:>16,} active {active:>16,}", file=sys.stderr)
    rng = random.Random(20261204)
    for model_type in CONFIG_CLASSES:
        for index in range(8):
            values = random_variant(model_type, rng)
            architecture = CLASSES[model_type][index % 2]
            try:
                config, model = build(model_type, architecture, values)
            except Exception as error:  # a variant transformers itself refuses: skip it
                print("skip", model_type, values, error, file=sys.stderr)
                continue
            total, active = counts(model, config)
            cases.append(dict(name=f"{model_type}-variant-{index}", model_type=model_type,
                              architecture=architecture, real=False, config=jsonable(config),
                              total_params=total, active_params=active))
    with open(os.path.join(FIXTURES, "hf_counts.json"), "w") as handle:
        json.dump(dict(torch=torch.__version__, transformers=transformers.__version__,
                       cases=cases), handle, indent=1, sort_keys=True)
        handle.write("\n")
    defaults = {t: json.loads(c().to_json_string(use_diff=False)) for t, c in CONFIG_CLASSES.items()}
    with open(os.path.join(FIXTURES, "hf_defaults.json"), "w") as handle:
        json.dump(defaults, handle, indent=1, sort_keys=True)
        handle.write("\n")
    print(len(cases), "cases", file=sys.stderr)


if __name__ == "__main__":
    main()
