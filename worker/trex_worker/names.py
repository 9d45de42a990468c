"""Names the server's contract defines (server/contract/task-names.ts), read from the generated `schemas/names.json`
(`npm run protocol:schema` writes it; a server test fails when it is stale)."""

from __future__ import annotations

import json
from pathlib import Path

_NAMES = json.loads((Path(__file__).resolve().parent / "schemas" / "names.json").read_text(encoding="utf-8"))

MINI_TASK_IDS: tuple[str, ...] = tuple(_NAMES["miniTaskIds"])
TASK_FILE_METRICS: tuple[str, ...] = tuple(_NAMES["taskFileMetrics"])
TRAINING_BACKENDS: tuple[str, ...] = tuple(_NAMES["trainingBackends"])
