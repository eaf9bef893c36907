"""The peer run for `calc train tiny-lstm --dataset shakespeare --steps N`: the same model and
recipe in PyTorch at its default threads (nn.Embedding(65, 128) -> nn.LSTM(128, 232,
num_layers=2, batch_first=True) -> nn.Linear(232, 65), PyTorch's default initialisation;
nanoGPT's shakespeare_char CPU recipe: batch 12 of 64-character windows, AdamW 0.9/0.99 with
weight decay 0.1 on tensors of 2+ dimensions, 100 warm-up steps then cosine from 1e-3 to
1e-4, clipping at 1.0).

    /work/venv-fm/bin/python Tools/reference/train_tiny_lstm_pytorch.py [steps]

Prints the training seconds (the loop only), the validation loss on the same 240 evenly
spaced windows Goldilocks uses, the whole process's wall time, and the generation speed of
256 characters one step at a time carrying (h, c).
"""

import math
import pathlib
import sys
import time

START = time.perf_counter()

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from make_tiny_lstm_reference import TinyLSTM  # noqa: E402


def main():
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    root = pathlib.Path(__file__).resolve().parents[2]
    text = (root / "content/datasets/shakespeare.txt").read_text()
    chars = sorted(set(text))
    index = {c: i for i, c in enumerate(chars)}
    data = torch.tensor([index[c] for c in text], dtype=torch.long)
    n = int(len(data) * 0.9)
    train, val = data[:n], data[n:]
    torch.manual_seed(1337)
    block, batch = 64, 12
    model = TinyLSTM(vocab=len(chars), embedding=128, hidden=232, layers=2)
    parameters = sum(p.numel() for p in model.parameters())
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
        logits, _ = model(x)
        loss = F.cross_entropy(logits.reshape(-1, logits.size(-1)), y.reshape(-1))
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
        logits, _ = model(x)
        val_loss = F.cross_entropy(logits.reshape(-1, logits.size(-1)), y.reshape(-1)).item()
        prompt = torch.tensor([[index[c] for c in "ROMEO:"]])
        generator = torch.Generator().manual_seed(42)
        begin_generation = time.perf_counter()
        logits, state = model(prompt)
        for _ in range(256):
            probabilities = F.softmax(logits[:, -1, :] / 0.8, dim=-1)
            token = torch.multinomial(probabilities, 1, generator=generator)
            logits, state = model(token, state)
        generation = time.perf_counter() - begin_generation
    print(
        f"torch {torch.__version__} threads {torch.get_num_threads()}: {parameters} parameters, "
        f"{steps} steps in {seconds:.1f} s, val_loss {val_loss:.4f}, "
        f"whole process {time.perf_counter() - START:.1f} s, "
        f"generation {256 / generation:.0f} tokens/s (256 tokens after a 6-character prompt)"
    )


if __name__ == "__main__":
    main()
