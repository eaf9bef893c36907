"""The peer run for `calc train tiny-gpt --dataset shakespeare --steps N`: the same model and
recipe in PyTorch at its default threads (nanoGPT's train.py with the shakespeare_char CPU
settings, written here in our own words).

    /work/venv-fm/bin/python Tools/reference/train_tiny_gpt_pytorch.py [steps]

Prints the training seconds (the loop only), the validation loss on the same 240 evenly
spaced windows Goldilocks uses, and the whole process's wall time.
"""

import math
import pathlib
import sys
import time

START = time.perf_counter()

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from make_tiny_gpt_reference import TinyGPT  # noqa: E402


def train(steps):
    """Trains tiny-gpt for `steps` steps; returns the figures as a dict."""
    root = pathlib.Path(__file__).resolve().parents[2]
    text = (root / "content/datasets/shakespeare.txt").read_text()
    chars = sorted(set(text))
    index = {c: i for i, c in enumerate(chars)}
    data = torch.tensor([index[c] for c in text], dtype=torch.long)
    n = int(len(data) * 0.9)
    train, val = data[:n], data[n:]
    torch.manual_seed(1337)
    block, batch = 64, 12
    model = TinyGPT(vocab=len(chars), context=block, layers=4, heads=4, width=128)
    decayed = [p for p in model.parameters() if p.dim() >= 2]
    plain = [p for p in model.parameters() if p.dim() < 2]
    optimizer = torch.optim.AdamW(
        [dict(params=decayed, weight_decay=0.1), dict(params=plain, weight_decay=0.0)],
        lr=1e-3,
        betas=(0.9, 0.99),
    )

    def lr_at(step):
        if step < 100:
            return 1e-3 * (step + 1) / 101
        ratio = min(1.0, (step - 100) / max(steps - 100, 1))
        return 1e-4 + 0.5 * (1 + math.cos(math.pi * ratio)) * (1e-3 - 1e-4)

    begin = time.perf_counter()
    for step in range(steps):
        for group in optimizer.param_groups:
            group["lr"] = lr_at(step)
        ix = torch.randint(len(train) - block, (batch,))
        x = torch.stack([train[i : i + block] for i in ix])
        y = torch.stack([train[i + 1 : i + 1 + block] for i in ix])
        logits = model(x)
        loss = F.cross_entropy(logits.view(-1, logits.size(-1)), y.view(-1))
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
    seconds = time.perf_counter() - begin
    windows = 240
    spacing = (len(val) - block - 1) // windows
    with torch.no_grad():
        x = torch.stack([val[w * spacing : w * spacing + block] for w in range(windows)])
        y = torch.stack([val[w * spacing + 1 : w * spacing + 1 + block] for w in range(windows)])
        logits = model(x)
        val_loss = F.cross_entropy(logits.view(-1, logits.size(-1)), y.view(-1)).item()
    return {
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "steps": steps,
        "batch": batch,
        "train_seconds": seconds,
        "val_loss": val_loss,
        "perplexity": math.exp(val_loss),
        "params": sum(p.numel() for p in model.parameters()),
    }


def main():
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    result = train(steps)
    print(
        f"torch {result['torch']} threads {result['threads']}: {steps} steps in "
        f"{result['train_seconds']:.1f} s, val_loss {result['val_loss']:.4f}, "
        f"whole process {time.perf_counter() - START:.1f} s"
    )


if __name__ == "__main__":
    main()
