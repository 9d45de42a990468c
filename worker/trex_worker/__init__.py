"""TREX training worker: job.json -> data recipe -> train -> evaluate -> result.json + events.jsonl."""

from ._env import configure_environment

configure_environment()

__version__ = "0.1.0"
