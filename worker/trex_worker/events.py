"""events.jsonl (one JSON object per line, flushed line by line) and the atomic result.json."""

from __future__ import annotations

import json
import math
import os
import threading
import time
from pathlib import Path


def _clean(v):
    """JSON has no NaN/Infinity: map them to null so every line stays parseable."""
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, dict):
        return {k: _clean(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_clean(x) for x in v]
    return v


class EventLog:
    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()
        self._fh = open(path, "a", encoding="utf-8")
        self._stop = threading.Event()
        self._hb: threading.Thread | None = None

    def emit(self, type_: str, **fields) -> None:
        line = json.dumps(_clean({"type": type_, "t": round(time.time(), 3), **fields}), ensure_ascii=False)
        with self._lock:
            if self._fh.closed:
                return
            self._fh.write(line + "\n")
            self._fh.flush()

    def log(self, level: str, message: str) -> None:
        self.emit("log", level=level, message=message)

    def start_heartbeat(self, every: float = 5.0) -> None:
        def beat():
            while not self._stop.wait(every):
                self.emit("heartbeat")

        self._hb = threading.Thread(target=beat, name="trex-heartbeat", daemon=True)
        self._hb.start()

    def close(self) -> None:
        self._stop.set()
        if self._hb is not None:
            self._hb.join(timeout=1)
        with self._lock:
            if not self._fh.closed:
                self._fh.close()


class NullEventLog(EventLog):
    """The events of the other processes of a distributed run: rank 0 alone reports."""

    def __init__(self):
        self._stop = threading.Event()

    def emit(self, type_: str, **fields) -> None:
        pass

    def start_heartbeat(self, every: float = 5.0) -> None:
        pass

    def close(self) -> None:
        pass


def write_json_atomic(path: Path, obj) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(_clean(obj), fh, ensure_ascii=False, indent=1)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
