"""mini-tomg (mirrors TOMG-Bench): atom-count constraints -> a molecule string that meets them.

"make a molecule with C:3 N:1 O:1 ring:no double:yes" -> e.g. "CC(=O)CN". Molecules use a small SMILES subset: atoms C, N, O,
"=" double bonds, "(...)" branches and ring-closure digits; valence limits C 4, N 3, O 2. ANY valid
molecule meeting the constraints scores; the reference is just one of them.
Metric: mean over rows of validity x fraction of constraints met (plus validity and exact-match rates).
"""

from __future__ import annotations

import random
import re

from .. import metrics
from .base import register_maker

TASK_ID = "mini-tomg"
DESCRIPTION = "Generate a molecule meeting atom-count constraints"
METRIC = "validity x constraint score"
VALENCE = {"C": 4, "N": 3, "O": 2}
max_output_chars = 24
_SPEC = re.compile(r"C:(\d+) N:(\d+) O:(\d+) ring:(yes|no) double:(yes|no)")


def parse(smiles: str):
    """Return {"C": n, "N": n, "O": n, "ring": bool, "double": bool} or None when invalid."""
    s = smiles.strip()
    if not s or len(s) > 40:
        return None
    bonds: list[int] = []
    atoms: list[str] = []
    stack: list[int] = []
    prev, pending, rings, ring_seen, double = None, 1, {}, False, False
    for ch in s:
        if ch in VALENCE:
            atoms.append(ch)
            bonds.append(0)
            i = len(atoms) - 1
            if prev is not None:
                bonds[prev] += pending
                bonds[i] += pending
            elif pending != 1:
                return None
            prev, pending = i, 1
        elif ch == "=":
            if prev is None or pending != 1:
                return None
            pending, double = 2, True
        elif ch == "(":
            if prev is None or pending != 1:
                return None
            stack.append(prev)
        elif ch == ")":
            if not stack or pending != 1:
                return None
            prev = stack.pop()
        elif ch.isdigit() and ch != "0":
            if prev is None or pending != 1:
                return None
            if ch in rings:
                j = rings.pop(ch)
                if j == prev:
                    return None
                bonds[j] += 1
                bonds[prev] += 1
                ring_seen = True
            else:
                rings[ch] = prev
        else:
            return None
    if stack or rings or pending != 1 or not atoms:
        return None
    if any(b > VALENCE[a] for a, b in zip(atoms, bonds)):
        return None
    return {"C": atoms.count("C"), "N": atoms.count("N"), "O": atoms.count("O"), "ring": ring_seen, "double": double}


def spec_of(info: dict) -> str:
    return (
        f"C:{info['C']} N:{info['N']} O:{info['O']} ring:{'yes' if info['ring'] else 'no'} "
        f"double:{'yes' if info['double'] else 'no'}"
    )


def _build(rng: random.Random, split: str) -> str:
    n_c = rng.randint(1, 6)
    atoms = ["C"] * n_c + ["N"] * rng.choice([0, 0, 1, 1, 2]) + ["O"] * rng.choice([0, 1, 1, 2, 3])
    rng.shuffle(atoms)
    ring = len(atoms) >= 3 and rng.random() < (0.15 if split == "train" else 0.3)
    out = []
    for i, a in enumerate(atoms):
        if i > 0 and rng.random() < 0.2:
            out.append("=")
        if 0 < i < len(atoms) - 1 and not ring and rng.random() < 0.15:
            out.append(f"({a})")
            continue
        out.append(a)
        if ring and i in (0, len(atoms) - 1):
            out.append("1")
    return "".join(out)


ASKS = ["make a molecule with", "design:", "need a molecule,", "generate", "propose a compound with", "molecule?"]
PURPOSES = [
    "",
    " (for a solvent screen)",
    " (fragment library)",
    " (keep it small)",
    " (for a docking test)",
    " (any isomer)",
    " (lab request)",
    " (teaching set)",
]


def _make(rng: random.Random, split: str):
    while True:
        mol = _build(rng, split)
        info = parse(mol)
        if info is not None:
            return f"{rng.choice(ASKS)} {spec_of(info)}{rng.choice(PURPOSES)}", mol


def _corrupt(rng, inp, out):
    for _ in range(50):
        mol = _build(rng, "train")
        info = parse(mol)
        if info and spec_of(info) not in inp:
            return mol
    return out + "C"


def _break(rng, out):
    return rng.choice([out.lower(), " ".join(out), f"SMILES: {out}", out + "(", out + "=", f"[{out}]"])


generate = register_maker(TASK_ID, _make, _corrupt, _break)


def is_valid_label(output: str) -> bool:
    return output == output.strip() and parse(output) is not None


def class_of(output: str) -> str:
    info = parse(output)
    return "invalid" if info is None else ("ring" if info["ring"] else "chain")


def constraint_score(pred: str, spec: str) -> float:
    info, m = parse(pred), _SPEC.search(spec)
    if info is None or m is None:
        return 0.0
    want = {
        "C": int(m.group(1)),
        "N": int(m.group(2)),
        "O": int(m.group(3)),
        "ring": m.group(4) == "yes",
        "double": m.group(5) == "yes",
    }
    return sum(info[k] == v for k, v in want.items()) / len(want)


def score(predictions: list[str], references: list[str]) -> dict:
    """References are molecules; the constraints are recomputed from them."""
    specs = [spec_of(parse(r)) for r in references]
    sc = [constraint_score(p, s) for p, s in zip(predictions, specs)]
    return {
        "primary": metrics.mean(sc),
        "constraint_score": metrics.mean(sc),
        "validity": metrics.mean(parse(p) is not None for p in predictions),
        "all_constraints": metrics.mean(s == 1.0 for s in sc),
        "exact": metrics.accuracy(predictions, references),
    }


def error_type(pred: str, ref: str, input: str | None = None) -> str:
    info, want = parse(pred), parse(ref)
    if info is None:
        return "invalid_molecule"
    if info == want:
        return "correct"
    if (info["C"], info["N"], info["O"]) != (want["C"], want["N"], want["O"]):
        return "wrong_atom_counts"
    return "ring_mismatch" if info["ring"] != want["ring"] else "double_bond_mismatch"


def augment(row: dict, rng: random.Random) -> dict:
    """Label-preserving: an equivalent spelling of the same molecule (the chain written backwards)."""
    out = row["output"]
    if parse(out) is None or any(c in out for c in "()123456789"):
        return dict(row)
    rev = out[::-1]
    return {**row, "output": rev} if parse(rev) == parse(out) else dict(row)
