"""The child process a code step runs in (started by code_step.py as `python -I -S code_sandbox.py JOB_DIR MIB CPU_S`).

Standard library only, and none of the worker's modules: the code never shares a process with the worker.
Before the step's code is compiled it takes away what a data transformation has no use for:
- the network: a fresh, empty network namespace where the kernel allows one (unshare of a user + network
  namespace), and in every case an audit hook that refuses every `socket.*` event (creating, connecting, resolving);
- writing outside the job folder: the audit hook refuses `open` with a write mode and the `os.*` / `shutil.*` events
  that change the file system when their path resolves outside the job folder (the working directory; temporary
  files go to .code-tmp/ inside it);
- other processes and native calls: subprocess, exec, spawn, fork and ctypes are refused;
- time and memory: RLIMIT_CPU and RLIMIT_AS (the parent also kills it at a wall-clock limit), RLIMIT_FSIZE 1 GiB.

An audit hook is not a security boundary against someone who sets out to escape it: approval by a reviewer is the gate
(every new code step waits for one); the sandbox stops accidents and obvious misuse, and says what it stopped.
A refusal counts even when the code catches the PermissionError it raises.

Protocol: stdin {"code": str, "rows": [{input, output, source}]}; the real stdout gets one JSON object back:
{"rows": [...]} or {"error": str, "kind": "code_refused" | "code_failed"}, plus "isolation". print() goes to stderr.
"""

import ctypes
import json
import os
import resource
import sys
import tempfile
import traceback

CLONE_NEWUSER, CLONE_NEWNET = 0x10000000, 0x40000000
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
# audit events that change the file system: (positions of the paths they change, positions of their dir_fd arguments)
_PATH_EVENTS = {
    "os.remove": ((0,), (1,)),
    "os.rmdir": ((0,), (1,)),
    "os.mkdir": ((0,), (2,)),
    "os.chmod": ((0,), (2,)),
    "os.chown": ((0,), (3,)),
    "os.utime": ((0,), (3,)),
    "os.mkfifo": ((0,), (2,)),
    "os.mknod": ((0,), (3,)),
    "os.rename": ((0, 1), (2, 3)),
    "os.link": ((0, 1), (2, 3)),
    "os.symlink": ((1,), (2,)),
    "os.truncate": ((0,), ()),
    "os.chflags": ((0,), ()),
    "os.lchmod": ((0,), ()),
    "os.lchown": ((0,), ()),
    "os.setxattr": ((0,), ()),
    "os.removexattr": ((0,), ()),
    "shutil.rmtree": ((0,), (1,)),
    "shutil.copyfile": ((1,), ()),
    "shutil.copytree": ((1,), ()),
    "shutil.move": ((0, 1), ()),
}
_PROCESS_PREFIXES = ("subprocess.", "os.exec", "os.spawn", "os.posix_spawn", "os.fork", "os.system", "pty.", "ctypes.")


def isolate_network() -> str:
    """A new network namespace with nothing but a down loopback, when the kernel lets this user make one."""
    libc = ctypes.CDLL(None, use_errno=True)
    uid, gid = os.getuid(), os.getgid()
    if libc.unshare(CLONE_NEWUSER | CLONE_NEWNET) == 0:
        for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")):
            try:
                with open(f"/proc/self/{name}", "w") as fh:
                    fh.write(text)
            except OSError:
                pass  # files keep their owner; the namespace still has no network
        return "network namespace and audit hook"
    if libc.unshare(CLONE_NEWNET) == 0:  # root without user namespaces
        return "network namespace and audit hook"
    return "audit hook"


class Sandbox:
    def __init__(self, job_dir: str):
        self.root = os.path.realpath(job_dir)
        self.refused: list[str] = []
        self.armed = False
        self._inside_hook = False

    def _outside(self, path) -> bool:
        if isinstance(path, int):
            return False  # an already open descriptor: its opening was checked
        if isinstance(path, bytes):
            path = os.fsdecode(path)
        real = os.path.realpath(os.fspath(path))
        return real != self.root and not real.startswith(self.root + os.sep)

    def _refuse(self, reason: str):
        self.refused.append(reason)
        raise PermissionError(f"code step sandbox: {reason}")

    def hook(self, event: str, args: tuple):
        if not self.armed or self._inside_hook:
            return
        self._inside_hook = True
        try:
            self._check(event, args)
        finally:
            self._inside_hook = False

    def _check(self, event: str, args: tuple):
        if event.startswith("socket."):
            target = f" {args[1]!r}" if event in ("socket.connect", "socket.sendto") and len(args) > 1 else ""
            self._refuse(f"network access refused ({event}{target}): a code step has no network")
        if event.startswith(_PROCESS_PREFIXES):
            self._refuse(f"{event} refused: a code step starts no process and calls no native code")
        if event == "open" and len(args) >= 3:
            path, mode, flags = args[0], args[1], args[2] or 0
            writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or bool(flags & _WRITE_FLAGS)
            if writes and self._outside(path):
                self._refuse(f"writing {path!r} refused: the job folder is a code step's only writable place")
            # a descriptor of an outside folder would let dir_fd= calls write beside it
            if not isinstance(path, int) and self._outside(path) and os.path.isdir(path):
                self._refuse(f"opening the folder {path!r} refused: it is outside the job folder")
        elif event in _PATH_EVENTS:
            paths, dir_fds = _PATH_EVENTS[event]
            if any(i < len(args) and args[i] is not None for i in dir_fds):
                self._refuse(f"{event} with dir_fd refused: a code step names its paths inside the job folder")
            for i in paths:
                if i < len(args) and args[i] is not None and self._outside(args[i]):
                    self._refuse(f"{event} on {args[i]!r} refused: the job folder is a code step's only writable place")


def _as_row(value, original: dict, index: int) -> dict:
    if not isinstance(value, dict):
        raise TypeError(f"got {type(value).__name__}")
    inp, out = value.get("input"), value.get("output")
    if not isinstance(inp, str) or not isinstance(out, str):
        raise TypeError("a row needs string input and output")
    source = value.get("source", original.get("source", "code"))
    return {"input": inp, "output": out, "source": source if isinstance(source, str) else str(source)}


def transform_rows(transform, rows: list) -> list:
    out = []
    for i, row in enumerate(rows):
        got = transform(dict(row))
        if got is None:
            continue
        items = got if isinstance(got, list) else [got]
        for item in items:
            try:
                out.append(_as_row(item, row, i))
            except TypeError as e:
                raise ValueError(
                    f"transform returned {type(got).__name__} for row {i} ({e}): it returns a row "
                    "(a dict with string input and output), a list of rows, or None to drop the row"
                ) from None
    return out


def _user_frames(exc: BaseException, code: str) -> str:
    """The error and the line of the step's code it came from (the code has no file, so no traceback shows it)."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<code step>"]
    lines = code.splitlines()
    if not frames or not frames[-1].lineno or frames[-1].lineno > len(lines):
        return f"{type(exc).__name__}: {exc}"
    n = frames[-1].lineno
    return f"{type(exc).__name__}: {exc} (line {n}: {lines[n - 1].strip()})"


def main() -> None:
    job_dir, mib, cpu_seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # what the code prints goes to stderr, never into the result
    sys.stdout = sys.stderr
    payload = json.load(sys.stdin)
    isolation = isolate_network()
    os.chdir(job_dir)
    tmp = os.path.join(job_dir, ".code-tmp")
    os.makedirs(tmp, exist_ok=True)
    tempfile.tempdir = tmp
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 30, 1 << 30))
    limit = mib * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    box = Sandbox(job_dir)
    sys.addaudithook(box.hook)
    box.armed = True

    def reply(obj: dict) -> None:
        if box.refused:  # a refusal stands even when the code caught the error
            obj = {"error": box.refused[0], "kind": "code_refused"}
        out.write(json.dumps({**obj, "isolation": isolation}))
        out.flush()

    code = payload["code"]
    try:
        namespace: dict = {"__name__": "code_step"}
        exec(compile(code, "<code step>", "exec"), namespace)
        transform = namespace.get("transform")
        if not callable(transform):
            reply({"error": "the code step defines no function transform(row)", "kind": "code_failed"})
            return
        rows = transform_rows(transform, payload["rows"])
        del payload
        reply({"rows": rows})
    except MemoryError:
        reply({"error": f"the code step ran out of its memory limit of {mib} MiB", "kind": "code_failed"})
    except ValueError as e:
        if str(e).startswith("transform returned"):
            reply({"error": str(e), "kind": "code_failed"})
        else:
            reply({"error": f"the code step raised {_user_frames(e, code)}", "kind": "code_failed"})
    except BaseException as e:  # noqa: BLE001 - whatever the code raises is the step's failure, said as is
        reply({"error": f"the code step raised {_user_frames(e, code)}", "kind": "code_failed"})


if __name__ == "__main__":
    main()
