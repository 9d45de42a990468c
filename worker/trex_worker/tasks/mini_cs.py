"""mini-cs (mirrors CS-Bench): a computer-science fact question with four options -> the letter.

"quicksort worst case? A) O(n) B) O(n^2) C) O(1) D) O(log n)" -> "B".
The facts repeat across splits (it is a knowledge test) but the option order and distractors differ;
the answer letter is skewed towards A in train (a shortcut that fails on the uniform validation set).
"""

from __future__ import annotations

import random
import re

from .. import metrics
from .base import register_maker

TASK_ID = "mini-cs"
DESCRIPTION = "Computer-science multiple-choice question -> letter"
METRIC = "accuracy"
LETTERS = "ABCD"
max_output_chars = 1

FACTS = [  # question, answer, distractor pool
    ("quicksort worst case?", "O(n^2)", ["O(n)", "O(1)", "O(log n)", "O(n log n)"]),
    ("mergesort time?", "O(n log n)", ["O(n)", "O(n^2)", "O(1)", "O(2^n)"]),
    ("binary search time?", "O(log n)", ["O(n)", "O(n^2)", "O(1)", "O(n log n)"]),
    ("hash lookup average?", "O(1)", ["O(n)", "O(log n)", "O(n^2)", "O(n log n)"]),
    ("LIFO structure?", "stack", ["queue", "heap", "tree", "graph"]),
    ("FIFO structure?", "queue", ["stack", "heap", "trie", "set"]),
    ("TCP port of HTTPS?", "443", ["80", "22", "25", "53"]),
    ("TCP port of SSH?", "22", ["80", "443", "21", "25"]),
    ("DNS default port?", "53", ["80", "22", "443", "110"]),
    ("bits in a byte?", "8", ["4", "16", "2", "32"]),
    ("shortest path, no negative edges?", "Dijkstra", ["Prim", "Kruskal", "DFS", "Floyd"]),
    ("minimum spanning tree?", "Kruskal", ["Dijkstra", "DFS", "A*", "Bellman"]),
    ("negative edge weights?", "Bellman-Ford", ["Dijkstra", "Prim", "BFS", "Kruskal"]),
    ("unweighted shortest path?", "BFS", ["DFS", "Prim", "heapsort", "Kruskal"]),
    ("SQL clause to filter groups?", "HAVING", ["WHERE", "ORDER BY", "JOIN", "LIMIT"]),
    ("SQL sort clause?", "ORDER BY", ["GROUP BY", "HAVING", "WHERE", "UNION"]),
    ("git: upload commits?", "push", ["pull", "fetch", "clone", "stash"]),
    ("git: new branch tip?", "commit", ["push", "clone", "fetch", "remote"]),
    ("OSI layer of IP?", "network", ["transport", "physical", "session", "application"]),
    ("OSI layer of TCP?", "transport", ["network", "link", "session", "physical"]),
    ("heap root in a min-heap?", "smallest", ["largest", "median", "random", "last"]),
    ("BST inorder gives?", "sorted order", ["reverse order", "level order", "random", "heap order"]),
    ("deadlock needs circular?", "wait", ["cache", "paging", "hashing", "sorting"]),
    ("virtual memory unit?", "page", ["socket", "thread", "inode", "port"]),
    ("python list append time?", "O(1)", ["O(n)", "O(log n)", "O(n^2)", "O(n log n)"]),
    ("base of hexadecimal?", "16", ["8", "2", "10", "32"]),
    ("2^10 equals?", "1024", ["1000", "512", "2048", "100"]),
    ("CPU cache closest to core?", "L1", ["L2", "L3", "RAM", "disk"]),
    ("RSA relies on?", "factoring", ["sorting", "hashing", "parsing", "paging"]),
    ("AES is?", "symmetric", ["asymmetric", "a hash", "a protocol", "a port"]),
]


def _make(rng: random.Random, split: str):
    q, ans, pool = rng.choice(FACTS)
    opts = rng.sample(pool, 3)
    if split == "train" and rng.random() < 0.45:
        pos = 0  # letter A over-represented in train
    else:
        pos = rng.randrange(4)
    opts.insert(pos, ans)
    text = f"{q} " + " ".join(f"{LETTERS[i]}) {o}" for i, o in enumerate(opts))
    return text, LETTERS[pos]


def _corrupt(rng, inp, out):
    return rng.choice([x for x in LETTERS if x != out])


def _break(rng, out):
    return rng.choice([f"({out})", out.lower(), f"Answer: {out}", f"{out})", f"{out}."])


generate = register_maker(TASK_ID, _make, _corrupt, _break)


def is_valid_label(output: str) -> bool:
    return output in LETTERS and len(output) == 1


def class_of(output: str) -> str:
    return output


def score(predictions: list[str], references: list[str]) -> dict:
    preds = [p.strip()[:1] if p.strip() and p.strip()[0] in LETTERS else p.strip() for p in predictions]
    acc = metrics.mean(p == r for p, r in zip(preds, references))
    return {"primary": acc, "accuracy": acc, "answered_A": metrics.mean(p == "A" for p in preds)}


def error_type(pred: str, ref: str, input: str | None = None) -> str:
    p = pred.strip()[:1]
    if p == ref:
        return "correct"
    if p not in LETTERS or not p:
        return "bad_format"
    return "chose_A" if p == "A" else "wrong_letter"


_OPT = re.compile(r"([A-D])\) (.*?)(?= [A-D]\) |$)")


def augment(row: dict, rng: random.Random) -> dict:
    """Reshuffle the options and move the answer letter with the correct option."""
    text, ans = row["input"], row["output"]
    head, sep, _ = text.partition(" A) ")
    opts = dict(_OPT.findall(text[len(head) + 1 :])) if sep else {}
    if ans not in LETTERS or sorted(opts) != list(LETTERS):
        return dict(row)
    values = [opts[c] for c in LETTERS]
    correct = values[LETTERS.index(ans)]
    rng.shuffle(values)
    new = f"{head} " + " ".join(f"{LETTERS[i]}) {o}" for i, o in enumerate(values))
    return {**row, "input": new, "output": LETTERS[values.index(correct)]}
