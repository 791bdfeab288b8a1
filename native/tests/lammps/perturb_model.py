#!/usr/bin/env python3
"""perturb_model.py IN OUT SEED SCALE -- a second committee member for tests: the model file with
every network parameter p replaced by p * (1 + SCALE * g), g standard normal (seeded)."""
import json
import sys
import numpy as np

src, dst, seed, scale = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
model = json.load(open(src))
rng = np.random.default_rng(seed)
for sp in model["species"].values():
    p = np.array(sp["network"]["parameters"], float)
    sp["network"]["parameters"] = (p * (1 + scale * rng.standard_normal(p.size))).tolist()
model.setdefault("provenance", {})["perturbed"] = f"seed {seed} scale {scale}"
json.dump(model, open(dst, "w"))
