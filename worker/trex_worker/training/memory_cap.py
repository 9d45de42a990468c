"""training.memoryCapMiB: the memory training may take beyond what is held when it starts, enforced for real.

On CPU the address-space limit (RLIMIT_AS) is lowered to what the process maps now plus the cap, so an allocation
past it fails inside torch ("DefaultCPUAllocator: can't allocate memory") exactly as on a small host; on CUDA the
caching allocator is held to that share of the device. The old limits come back when training ends.
"""

from __future__ import annotations

import resource
from contextlib import contextmanager

MIB = 1 << 20
GIB = 1 << 30


def check_free_gpu_memory(estimate_gib: float | None, device) -> None:
    """Fails the job before the model is loaded when the GPU it got has less free memory than the server's
    estimate (job.estimates.gpuMemoryGiB): another process holds the rest, and the run would only fail later,
    after loading, as out of memory. Free memory is what the driver reports, other processes included."""
    if not estimate_gib or device.type != "cuda":
        return
    import torch

    free, total = torch.cuda.mem_get_info(device)
    if free >= estimate_gib * GIB:
        return
    from ..protocol import JobError

    raise JobError(
        f"{device} has {free / GIB:.1f} GiB free of {total / GIB:.1f} GiB (other processes hold "
        f"{(total - free) / GIB:.1f} GiB) and this run needs about {estimate_gib:.1f} GiB: wait for the GPU to "
        "free up, or train with a smaller micro-batch (more gradient accumulation), shorter sequences or LoRA",
        "out_of_memory",
    )


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
