"""training.memoryCapMiB: the memory training may take beyond what is held when it starts, enforced for real.

On CPU the address-space limit (RLIMIT_AS) is lowered to what the process maps now plus the cap, so an allocation
past it fails inside torch ("DefaultCPUAllocator: can't allocate memory") exactly as on a small host; on CUDA the
caching allocator is held to that share of the device. The old limits come back when training ends.
"""

from __future__ import annotations

import resource
from contextlib import contextmanager

MIB = 1 << 20


def _mapped_bytes() -> int:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    raise OSError("no VmSize in /proc/self/status")


@contextmanager
def memory_cap(cap_mib: int | None, device):
    if not cap_mib:
        yield
        return
    if device.type == "cuda":
        import torch

        total = torch.cuda.get_device_properties(device).total_memory
        share = min(1.0, (torch.cuda.memory_allocated(device) + cap_mib * MIB) / total)
        torch.cuda.set_per_process_memory_fraction(share, device)
        try:
            yield
        finally:
            torch.cuda.set_per_process_memory_fraction(1.0, device)
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = _mapped_bytes() + cap_mib * MIB
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
