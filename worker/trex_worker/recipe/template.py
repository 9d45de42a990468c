"""template: rewrite each input with a str.format template that may use {input} ("Review: {input}\nLabel:").
Templates are remembered and applied to evaluation inputs too, so training and evaluation prompts agree."""

from __future__ import annotations

from ..protocol import JobError, template_fields


def apply(text: str, templates: list[str]) -> str:
    for t in templates:
        text = t.format(input=text)
    return text


def run(rows: list[dict], op: dict, ctx) -> list[dict]:
    t = op["template"]
    bad = [f for f in template_fields(t) if f != "input"]
    if bad:
        raise JobError(f"template may only use {{input}}, found {{{bad[0]}}}")
    try:
        t.format(input="")
    except (IndexError, KeyError, ValueError) as e:
        raise JobError(f"template cannot be applied: {e}") from None
    ctx.templates.append(t)
    return [{**r, "input": t.format(input=r["input"])} for r in rows]
