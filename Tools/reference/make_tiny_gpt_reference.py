"""Writes Tests/EngineTests/Fixtures/tiny_gpt_reference.json from PyTorch.

A GPT in nanoGPT's shape (karpathy/nanoGPT model.py: pre-norm blocks, fused c_attn, causal
softmax attention, exact-erf GELU MLP, learned positions, final LayerNorm, lm_head tied to
wte, N(0, 0.02) init with c_proj scaled by 1/sqrt(2 * n_layer)), written here in our own
words, at a small seeded configuration. The fixture holds every weight under nanoGPT's
names, one batch of inputs and targets, the logits, the mean cross-entropy, every
parameter's gradient, the weights after one AdamW step with gradient clipping (nanoGPT's
configure_optimizers groups: weight decay on tensors of 2+ dimensions), and PyTorch's
parameter count of the full tiny-gpt configuration (809,856).

Run with the project's PyTorch environment:

    /work/venv-fm/bin/python Tools/reference/make_tiny_gpt_reference.py
"""

import json
import math
import pathlib

import torch
import torch.nn as nn
import torch.nn.functional as F


class SelfAttention(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.c_attn = nn.Linear(width, 3 * width)
        self.c_proj = nn.Linear(width, width)

    def forward(self, x):
        batch, tokens, width = x.shape
        q, k, v = self.c_attn(x).split(width, dim=2)
        shape = (batch, tokens, self.heads, width // self.heads)
        q, k, v = (t.view(shape).transpose(1, 2) for t in (q, k, v))
        scores = (q @ k.transpose(-2, -1)) / math.sqrt(k.size(-1))
        mask = torch.tril(torch.ones(tokens, tokens, dtype=torch.bool))
        scores = scores.masked_fill(~mask, float("-inf"))
        y = F.softmax(scores, dim=-1) @ v
        return self.c_proj(y.transpose(1, 2).contiguous().view(batch, tokens, width))


class FeedForward(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.c_fc = nn.Linear(width, 4 * width)
        self.gelu = nn.GELU()
        self.c_proj = nn.Linear(4 * width, width)

    def forward(self, x):
        return self.c_proj(self.gelu(self.c_fc(x)))


class Block(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.ln_1 = nn.LayerNorm(width)
        self.attn = SelfAttention(width, heads)
        self.ln_2 = nn.LayerNorm(width)
        self.mlp = FeedForward(width)

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))


class TinyGPT(nn.Module):
    def __init__(self, vocab, context, layers, heads, width):
        super().__init__()
        self.transformer = nn.ModuleDict(
            dict(
                wte=nn.Embedding(vocab, width),
                wpe=nn.Embedding(context, width),
                h=nn.ModuleList([Block(width, heads) for _ in range(layers)]),
                ln_f=nn.LayerNorm(width),
            )
        )
        self.lm_head = nn.Linear(width, vocab, bias=False)
        self.lm_head.weight = self.transformer.wte.weight
        self.apply(self._init)
        for name, parameter in self.named_parameters():
            if name.endswith("c_proj.weight"):
                nn.init.normal_(parameter, 0.0, 0.02 / math.sqrt(2 * layers))

    @staticmethod
    def _init(module):
        if isinstance(module, nn.Linear):
            nn.init.normal_(module.weight, 0.0, 0.02)
            if module.bias is not None:
                nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            nn.init.normal_(module.weight, 0.0, 0.02)

    def forward(self, idx):
        tokens = idx.shape[1]
        x = self.transformer.wte(idx) + self.transformer.wpe(torch.arange(tokens))
        for block in self.transformer.h:
            x = block(x)
        return self.lm_head(self.transformer.ln_f(x))


def values(tensor):
    return [float(v) for v in tensor.detach().reshape(-1).tolist()]


def main():
    torch.manual_seed(1234)
    config = dict(vocab=11, context=8, layers=2, heads=2, width=16)
    model = TinyGPT(**config)
    # Larger weights than the init so that gradients and attention are far from uniform.
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            parameter.add_(torch.randn_like(parameter) * 0.3)
    batch, tokens = 3, 7
    idx = torch.randint(0, config["vocab"], (batch, tokens))
    targets = torch.randint(0, config["vocab"], (batch, tokens))
    weights = {name: (list(p.shape), values(p)) for name, p in model.named_parameters()}
    logits = model(idx)
    loss = F.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1))
    loss.backward()
    gradients = {name: values(p.grad) for name, p in model.named_parameters()}

    clip = 0.5
    norm = torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
    decayed = [p for p in model.parameters() if p.dim() >= 2]
    plain = [p for p in model.parameters() if p.dim() < 2]
    optimizer = torch.optim.AdamW(
        [dict(params=decayed, weight_decay=0.1), dict(params=plain, weight_decay=0.0)],
        lr=1e-2,
        betas=(0.9, 0.99),
    )
    optimizer.step()
    stepped = {name: values(p) for name, p in model.named_parameters()}

    full = TinyGPT(vocab=65, context=64, layers=4, heads=4, width=128)
    fixture = dict(
        torch_version=torch.__version__,
        config=config,
        batch=batch,
        tokens=tokens,
        inputs=idx.reshape(-1).tolist(),
        targets=targets.reshape(-1).tolist(),
        parameters=[
            dict(name=name, shape=shape, values=data, gradient=gradients[name], stepped=stepped[name])
            for name, (shape, data) in weights.items()
        ],
        logits=values(logits),
        loss=float(loss.detach()),
        gradient_norm=float(norm),
        adamw=dict(lr=1e-2, betas=[0.9, 0.99], weight_decay=0.1, clip=clip),
        gelu_inputs=[-4.0, -2.5, -1.0, -0.3, 0.0, 0.2, 0.7, 1.5, 3.0, 6.0],
        gelu_outputs=values(F.gelu(torch.tensor([-4.0, -2.5, -1.0, -0.3, 0.0, 0.2, 0.7, 1.5, 3.0, 6.0]))),
        tiny_gpt_parameters=sum(p.numel() for p in full.parameters()),
    )
    path = pathlib.Path(__file__).resolve().parents[2] / "Tests/EngineTests/Fixtures/tiny_gpt_reference.json"
    path.write_text(json.dumps(fixture) + "\n")
    print(f"wrote {path}: loss {fixture['loss']:.6f}, tiny-gpt params {fixture['tiny_gpt_parameters']}")


if __name__ == "__main__":
    main()
