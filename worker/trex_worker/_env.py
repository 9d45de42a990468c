"""Process-wide settings that must be in place BEFORE torch (and so OpenBLAS / OpenMP) is imported."""

from __future__ import annotations

import os


def _cpu_flags() -> set[str]:
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if line.startswith("flags"):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def configure_environment() -> None:
    # Be a good neighbour on a shared machine: idle OpenMP threads sleep instead of spinning.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    # OpenBLAS picks its kernels from the CPU model name. On virtual machines that report a generic
    # "Intel Xeon Processor" it falls back to the 2004 "Prescott" kernels, which are 4-5x slower than
    # what the CPU can do. Choose the kernel family from the instruction-set flags instead.
    if "OPENBLAS_CORETYPE" not in os.environ:
        flags = _cpu_flags()
        if {"avx512f", "avx512bw", "avx512vl", "avx512dq"} <= flags:
            os.environ["OPENBLAS_CORETYPE"] = "SkylakeX"
        elif {"avx2", "fma"} <= flags:
            os.environ["OPENBLAS_CORETYPE"] = "Haswell"


def num_threads() -> int:
    """Torch intra-op threads: TREX_WORKER_THREADS, else 1 (the worker usually shares a small machine)."""
    try:
        n = int(os.environ.get("TREX_WORKER_THREADS", "1"))
    except ValueError:
        n = 1
    return max(1, min(n, os.cpu_count() or 1))
