"""Small real checkpoints for the safetensors-header tests, written by transformers itself.

- checkpoints/tiny-llama/: a 2-block LlamaForCausalLM (untied head, bf16) saved with
  `save_pretrained(max_shard_size=...)`, so it is sharded: model-0000N-of-0000M.safetensors,
  model.safetensors.index.json and config.json.
- checkpoints/tiny-gpt2/: a GPT2LMHeadModel (tied head, fp32) in one model.safetensors
  (the tied lm_head is not stored) with its config.json.
- checkpoints/tiny-mixtral/model.safetensors: a Mixtral with 4 experts, top 2, no config.
- checkpoints/counts.json: sum(p.numel() for p in model.parameters()) of each, and the
  active parameters of the Mixtral.

Run: python Tools/reference/make_checkpoint_fixtures.py   (torch, transformers, safetensors)
"""

import json
import os

import torch
from transformers import (GPT2Config, GPT2LMHeadModel, LlamaConfig, LlamaForCausalLM,
                          MixtralConfig, MixtralForCausalLM)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Tests", "SpecLanguageTests", "Fixtures", "checkpoints")


def count(model):
    return sum(p.numel() for p in model.parameters())


def main():
    torch.manual_seed(0)
    counts = {}
    llama = LlamaForCausalLM(LlamaConfig(
        vocab_size=96, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
        num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=128,
        tie_word_embeddings=False, architectures=["LlamaForCausalLM"])).to(torch.bfloat16)
    llama.save_pretrained(os.path.join(OUT, "tiny-llama"), max_shard_size="12KB")
    counts["tiny-llama"] = dict(total_params=count(llama), active_params=count(llama))

    gpt2 = GPT2LMHeadModel(GPT2Config(
        vocab_size=80, n_positions=32, n_embd=24, n_layer=2, n_head=3,
        architectures=["GPT2LMHeadModel"]))
    gpt2.save_pretrained(os.path.join(OUT, "tiny-gpt2"))
    counts["tiny-gpt2"] = dict(total_params=count(gpt2), active_params=count(gpt2))

    mixtral_config = MixtralConfig(
        vocab_size=64, hidden_size=32, intermediate_size=48, num_hidden_layers=1,
        num_attention_heads=4, num_key_value_heads=2, num_local_experts=4,
        num_experts_per_tok=2, max_position_embeddings=64, architectures=["MixtralForCausalLM"])
    mixtral = MixtralForCausalLM(mixtral_config)
    folder = os.path.join(OUT, "tiny-mixtral")
    mixtral.save_pretrained(folder)
    os.remove(os.path.join(folder, "config.json"))
    for extra in os.listdir(folder):
        if extra != "model.safetensors":
            os.remove(os.path.join(folder, extra))
    experts = sum(p.numel() for n, p in mixtral.named_parameters() if ".experts." in n)
    total = count(mixtral)
    counts["tiny-mixtral"] = dict(total_params=total, active_params=total - experts + experts // 2)
    with open(os.path.join(OUT, "counts.json"), "w") as handle:
        json.dump(counts, handle, indent=1, sort_keys=True)
        handle.write("\n")
    print(counts)


if __name__ == "__main__":
    main()
