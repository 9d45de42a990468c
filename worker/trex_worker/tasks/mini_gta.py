"""mini-gta (mirrors GTA): a user request -> one tool call as compact JSON {"tool": ..., "args": {...}}.

Tools: weather(city), convert(amount, from, to), timer(minutes), translate(text, lang), stock(ticker),
email(to, subject), and "none" for chit-chat. Hard parts: paraphrases, distractor entities ("I'm in
Oslo, what's the weather in Lima"), unit conversion ("in 2 hours" -> 120), rare tools in train.
Metric: exact match of the parsed call (tool and every argument).
"""

from __future__ import annotations

import json
import random

from .. import metrics
from .base import pick, register_maker

TASK_ID = "mini-gta"
DESCRIPTION = "Turn a user request into one tool call (JSON)"
METRIC = "exact match of the call"
max_output_chars = 80

CITIES = [
    "Paris",
    "Tokyo",
    "Lima",
    "Oslo",
    "Cairo",
    "Rome",
    "Delhi",
    "Seoul",
    "Quito",
    "Berlin",
    "Dakar",
    "Hanoi",
    "Perth",
    "Boston",
    "Madrid",
    "Nairobi",
    "Vienna",
    "Austin",
    "Lagos",
    "Prague",
]
CURR = ["USD", "EUR", "JPY", "GBP", "CHF", "INR", "BRL", "CAD"]
TICKERS = ["AAPL", "MSFT", "NVDA", "TSLA", "AMZN", "GOOG", "META", "IBM", "INTC", "ORCL"]
LANGS = ["French", "German", "Spanish", "Italian", "Japanese", "Korean"]
PHRASES = [
    "good morning",
    "thank you",
    "see you soon",
    "where is the station",
    "happy birthday",
    "no problem",
    "good night",
    "how much",
    "i am lost",
    "the bill please",
]
NAMES = ["bob", "ana", "li", "omar", "kate", "raj", "sven", "mia"]
TOPICS = ["the meeting", "lunch", "the report", "budget", "the trip", "friday", "the demo", "invoices"]
TOOLS = {
    "weather": ["city"],
    "convert": ["amount", "from", "to"],
    "timer": ["minutes"],
    "translate": ["text", "lang"],
    "stock": ["ticker"],
    "email": ["to", "subject"],
    "none": [],
}


def call(tool: str, **args) -> str:
    return json.dumps({"tool": tool, "args": {k: args[k] for k in TOOLS[tool]}}, separators=(",", ":"))


def _weather(rng):
    c = rng.choice(CITIES)
    if rng.random() < 0.2:  # distractor city
        other = rng.choice([x for x in CITIES if x != c])
        t = rng.choice(
            [
                f"i'm in {other} but what's the weather in {c}?",
                f"flying from {other} to {c}, will it rain there?",
                f"not {other}, i need the forecast for {c}",
            ]
        )
    else:
        t = rng.choice(
            [
                f"what's the weather in {c}?",
                f"will it rain in {c} tomorrow",
                f"forecast for {c} please",
                f"is it cold in {c} right now?",
                f"{c} weather",
                f"do i need an umbrella in {c}?",
            ]
        )
    return t, call("weather", city=c)


def _convert(rng):
    a, (f, t) = rng.choice([5, 10, 12, 20, 25, 40, 50, 75, 100, 250, 500, 1000]), rng.sample(CURR, 2)
    s = rng.choice(
        [
            f"convert {a} {f} to {t}",
            f"how much is {a} {f} in {t}?",
            f"{a} {f} -> {t}",
            f"what do i get for {a} {f} in {t}",
            f"change {a} {f.lower()} into {t.lower()}",
        ]
    )
    return s, call("convert", amount=a, **{"from": f, "to": t})


def _timer(rng):
    if rng.random() < 0.25:  # unit conversion
        h = rng.choice([1, 2, 3])
        s = rng.choice(
            [f"set a timer for {h} hour{'s' if h > 1 else ''}", f"remind me in {h} hour{'s' if h > 1 else ''}"]
        )
        return s, call("timer", minutes=60 * h)
    m = rng.choice([1, 2, 3, 5, 7, 10, 12, 15, 20, 25, 30, 45, 50, 90])
    s = rng.choice(
        [
            f"set a timer for {m} minutes",
            f"timer {m} min",
            f"wake me in {m} minutes",
            f"count down {m} minutes please",
            f"start a {m} minute timer",
        ]
    )
    return s, call("timer", minutes=m)


def _translate(rng):
    p, lang = rng.choice(PHRASES), rng.choice(LANGS)
    s = rng.choice(
        [
            f"translate '{p}' to {lang}",
            f"how do you say '{p}' in {lang}?",
            f"'{p}' in {lang} please",
            f"{lang} for '{p}'?",
        ]
    )
    return s, call("translate", text=p, lang=lang)


def _stock(rng):
    tk = rng.choice(TICKERS)
    s = rng.choice(
        [
            f"how is {tk} doing today?",
            f"price of {tk} stock",
            f"quote {tk}",
            f"{tk} share price now",
            f"check the {tk} ticker",
        ]
    )
    return s, call("stock", ticker=tk)


def _email(rng):
    n, tp = rng.choice(NAMES), rng.choice(TOPICS)
    s = rng.choice(
        [f"email {n} about {tp}", f"send {n} a mail about {tp}", f"write to {n} re {tp}", f"drop {n} a note about {tp}"]
    )
    return s, call("email", to=n, subject=tp)


def _none(rng):
    return rng.choice(
        [
            "thanks!",
            "hello there",
            "you are great",
            "never mind",
            "what can you do?",
            "ok cool",
            "good job",
            "haha nice",
            "who made you?",
            "bye",
        ]
    ) + rng.choice(["", " :)", "!", " ok"]), call("none")


_GEN = {
    "weather": _weather,
    "convert": _convert,
    "timer": _timer,
    "translate": _translate,
    "stock": _stock,
    "email": _email,
    "none": _none,
}
_TRAIN = {"weather": 34, "convert": 16, "timer": 15, "translate": 12, "stock": 12, "email": 8, "none": 3}
_EVAL = {"weather": 18, "convert": 16, "timer": 16, "translate": 14, "stock": 14, "email": 14, "none": 8}


def _make(rng: random.Random, split: str):
    tool = pick(rng, _TRAIN if split == "train" else _EVAL)
    text, out = _GEN[tool](rng)
    if rng.random() < 0.25:
        text = rng.choice(["hey, ", "please ", "quick one: ", "hi! "]) + text
    return text, out


def _corrupt(rng, inp, out):
    c = json.loads(out)
    if c["tool"] == "weather":
        return call("weather", city=rng.choice([x for x in CITIES if x != c["args"]["city"]]))
    if c["tool"] == "timer":
        return call("timer", minutes=c["args"]["minutes"] + rng.choice([1, 5, 10]))
    return _GEN[rng.choice([t for t in TOOLS if t != c["tool"]])](rng)[1]


def _break(rng, out):
    r = rng.randrange(4)
    if r == 0:
        return out[: rng.randrange(5, len(out) - 1)]  # truncated
    if r == 1:
        return out.replace('"', "'")
    if r == 2:
        return "Call: " + out
    return out.replace('"args":', '"arguments":')


generate = register_maker(TASK_ID, _make, _corrupt, _break)


def parse(text: str):
    try:
        c = json.loads(text)
    except (ValueError, TypeError):
        return None
    if not isinstance(c, dict) or set(c) != {"tool", "args"} or not isinstance(c["args"], dict):
        return None
    return c


def is_valid_label(output: str) -> bool:
    c = parse(output)
    return c is not None and c["tool"] in TOOLS and sorted(c["args"]) == sorted(TOOLS[c["tool"]])


def class_of(output: str) -> str:
    c = parse(output)
    return c["tool"] if c else "invalid"


def score(predictions: list[str], references: list[str]) -> dict:
    parsed = [parse(p.strip()) for p in predictions]
    refs = [parse(r) for r in references]
    exact = [p is not None and p == r for p, r in zip(parsed, refs)]
    tool = [p is not None and r is not None and p.get("tool") == r.get("tool") for p, r in zip(parsed, refs)]
    return {
        "primary": metrics.mean(exact),
        "exact_match": metrics.mean(exact),
        "tool_accuracy": metrics.mean(tool),
        "parse_rate": metrics.mean(p is not None for p in parsed),
    }


def error_type(pred: str, ref: str, input: str | None = None) -> str:
    p, r = parse(pred.strip()), parse(ref)
    if p is not None and p == r:
        return "correct"
    if p is None:
        kind = "unparseable"
    elif p.get("tool") != r["tool"]:
        kind = "wrong_tool"
    else:
        kind = "wrong_args"
    return f"{r['tool']}/{kind}"


_POOLS = {
    "weather": ("city", CITIES),
    "stock": ("ticker", TICKERS),
    "email": ("to", NAMES),
    "translate": ("lang", LANGS),
}


def augment(row: dict, rng: random.Random) -> dict:
    """Label-preserving entity swap: replace an argument value in both the request and the call."""
    c = parse(row["output"])
    if c is None:
        return dict(row)
    text, args = row["input"], dict(c["args"])
    if c["tool"] in _POOLS:
        key, pool = _POOLS[c["tool"]]
        old, new = args.get(key), rng.choice(pool)
        if isinstance(old, str) and old in text and new not in text:
            text, args[key] = text.replace(old, new), new
    if rng.random() < 0.3 and not text.startswith(("hey", "please", "quick", "hi")):
        text = rng.choice(["hey, ", "please ", "hi! "]) + text
    return {**row, "input": text, "output": json.dumps({"tool": c["tool"], "args": args}, separators=(",", ":"))}
