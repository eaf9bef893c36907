"""What `accelerate estimate-memory` reports for the presets' configs, computed offline.

`accelerate estimate-memory MODEL` downloads the config, builds `AutoModel.from_config(config)`
(the base model: for a causal LM that is WITHOUT the LM head) on empty weights in float32,
takes `calculate_maximum_sizes(model)` and divides the total by 2 (float16), 4 (int8) or
8 (int4). This script does the same from the configs in Tools/reference/foundation_models.py
(no download) and records the totals beside the parameter count of the class the config
names, so docs/foundation-models.md can say where the two disagree.

Writes Tests/SpecLanguageTests/Fixtures/accelerate_estimates.json.
Run: python Tools/reference/accelerate_crosscheck.py   (torch, transformers, accelerate)
"""

import json
import os
import sys

import accelerate
import torch
import transformers
from accelerate import init_empty_weights
from accelerate.utils import calculate_maximum_sizes

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from foundation_models import CONFIG_CLASSES, FIXTURES, REAL  # noqa: E402


def main():
    rows = {}
    for name, (model_type, architecture, values) in REAL.items():
        config = CONFIG_CLASSES[model_type](**values)
        with init_empty_weights():
            model = transformers.AutoModel.from_config(config, torch_dtype=torch.float32)
        total, _ = calculate_maximum_sizes(model)
        rows[name] = dict(
            auto_model_class=type(model).__name__,
            auto_model_params=sum(p.numel() for p in model.parameters()),
            float32=int(total), float16=int(total / 2), int8=int(total / 4), int4=int(total / 8),
        )
        print(name, rows[name], file=sys.stderr)
    with open(os.path.join(FIXTURES, "accelerate_estimates.json"), "w") as handle:
        json.dump(dict(accelerate=accelerate.__version__, models=rows), handle, indent=1,
                  sort_keys=True)
        handle.write("\n")


if __name__ == "__main__":
    main()
