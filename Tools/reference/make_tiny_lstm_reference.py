"""Writes Tests/EngineTests/Fixtures/tiny_lstm_reference.json from PyTorch.

An LSTM character language model in char-rnn's shape, built from PyTorch's own modules:
nn.Embedding(V, E) -> nn.LSTM(E, H, num_layers=L, batch_first=True) -> nn.Linear(H, V),
at a small seeded configuration. The fixture holds every weight under PyTorch's names (gate
order i, f, g, o; weight_ih, weight_hh, bias_ih, bias_hh per layer), one batch of inputs and
targets, the logits, the mean cross-entropy, every parameter's gradient (backpropagation
through the whole window, zero initial state), and PyTorch's parameter count of the full
tiny-lstm configuration (embedding 65 x 128, two layers of 232, head 232 -> 65).

Run with the project's PyTorch environment:

    /work/venv-fm/bin/python Tools/reference/make_tiny_lstm_reference.py
"""

import json
import pathlib

import torch
import torch.nn as nn
import torch.nn.functional as F


class TinyLSTM(nn.Module):
    def __init__(self, vocab, embedding, hidden, layers):
        super().__init__()
        self.embedding = nn.Embedding(vocab, embedding)
        self.lstm = nn.LSTM(embedding, hidden, num_layers=layers, batch_first=True)
        self.head = nn.Linear(hidden, vocab)

    def forward(self, idx, state=None):
        output, state = self.lstm(self.embedding(idx), state)
        return self.head(output), state


def values(tensor):
    return [float(v) for v in tensor.detach().reshape(-1).tolist()]


def main():
    torch.manual_seed(4321)
    config = dict(vocab=11, embedding=6, hidden=10, layers=2)
    model = TinyLSTM(**config)
    # Larger weights than the init so that the gates saturate unevenly and gradients are
    # far from uniform.
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            parameter.add_(torch.randn_like(parameter) * 0.3)
    batch, tokens = 3, 7
    idx = torch.randint(0, config["vocab"], (batch, tokens))
    targets = torch.randint(0, config["vocab"], (batch, tokens))
    weights = {name: (list(p.shape), values(p)) for name, p in model.named_parameters()}
    logits, _ = model(idx)
    loss = F.cross_entropy(logits.reshape(-1, logits.size(-1)), targets.reshape(-1))
    loss.backward()
    gradients = {name: values(p.grad) for name, p in model.named_parameters()}

    # Stateful generation: feeding tokens one at a time, carrying (h, c), gives the same
    # logits as the whole sequence at once.
    with torch.no_grad():
        state = None
        stepped = []
        for t in range(tokens):
            step_logits, state = model(idx[:1, t : t + 1], state)
            stepped.append(values(step_logits))

    full = TinyLSTM(vocab=65, embedding=128, hidden=232, layers=2)
    fixture = dict(
        torch_version=torch.__version__,
        config=config,
        batch=batch,
        tokens=tokens,
        inputs=idx.reshape(-1).tolist(),
        targets=targets.reshape(-1).tolist(),
        parameters=[
            dict(name=name, shape=shape, values=data, gradient=gradients[name])
            for name, (shape, data) in weights.items()
        ],
        logits=values(logits),
        loss=float(loss.detach()),
        step_logits=[v for row in stepped for v in row],
        tiny_lstm_parameters=sum(p.numel() for p in full.parameters()),
    )
    path = pathlib.Path(__file__).resolve().parents[2] / "Tests/EngineTests/Fixtures/tiny_lstm_reference.json"
    path.write_text(json.dumps(fixture) + "\n")
    print(f"wrote {path}: loss {fixture['loss']:.6f}, tiny-lstm params {fixture['tiny_lstm_parameters']}")


if __name__ == "__main__":
    main()
