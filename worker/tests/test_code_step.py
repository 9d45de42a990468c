"""Code steps: a transform(row) runs in a child process with rows in and rows out as data; the network, writes
outside the job folder and other processes are refused (code_refused); time, memory and a bad return fail the step
(code_failed). The same operator runs in the dry-run job kind and in a training job."""

import os
import socket
import threading

import pytest
from conftest import make_job, run_in_process, write_job

from trex_worker.protocol import JobError
from trex_worker.recipe import Context, run_recipe
from trex_worker.tasks import registry

LOAD = {"op": "load", "source": "task:train", "limit": 40}


def _code(body: str, **limits) -> dict:
    return {"op": "python", "code": body, **limits}


def _run(job_dir, *ops):
    task = registry.get("mini-sst2")
    return run_recipe([LOAD, *ops], Context(job_dir=job_dir, task=task))


def _refused(job_dir, *ops) -> JobError:
    with pytest.raises(JobError) as e:
        _run(job_dir, *ops)
    return e.value


def test_a_transformation_rewrites_duplicates_and_drops_rows(job_dir):
    code = (
        "import re\n\n"
        "def transform(row):\n"
        "    words = re.findall(r'\\w+', row['input'])\n"
        "    if len(words) < 3:\n"
        "        return None\n"
        "    prompt = f\"Review ({len(words)} words): {row['input'].strip()}\\nSentiment:\"\n"
        "    out = {'input': prompt, 'output': row['output'].upper()}\n"
        "    return [out, out] if row['output'] == 'positive' else out\n"
    )
    rows, report = _run(job_dir, _code(code))
    assert report[1]["op"] == "python" and report[1]["rowsIn"] == 40
    assert rows and all(r["input"].startswith("Review (") and r["input"].endswith("\nSentiment:") for r in rows)
    assert all(r["output"] == r["output"].upper() for r in rows)
    assert all(r["source"] == "task:train" for r in rows)  # kept from the row the code was given
    positives = sum(1 for r in rows if r["output"] == "POSITIVE")  # each given twice
    assert positives % 2 == 0 and report[1]["rowsOut"] == len(rows)
    assert report[1]["samples"][0]["input"].startswith("Review (")


def test_a_connect_attempt_is_stopped_even_when_the_code_catches_it(job_dir):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(3)
    port = server.getsockname()[1]
    accepted = []
    t = threading.Thread(target=lambda: accepted.append(_accept(server)))
    t.start()
    code = (
        "import socket\n\n"
        "def transform(row):\n"
        "    try:\n"
        f"        socket.create_connection(('127.0.0.1', {port}), timeout=1).sendall(row['input'].encode())\n"
        "    except Exception:\n"
        "        pass\n"
        "    return row\n"
    )
    err = _refused(job_dir, _code(code))
    t.join()
    server.close()
    assert err.kind == "code_refused" and "network access refused" in str(err)
    assert accepted == [None]  # the listening socket never saw a connection


def _accept(server):
    try:
        conn, _ = server.accept()
        conn.close()
        return "connected"
    except OSError:
        return None


def test_a_write_outside_the_job_folder_is_refused_and_inside_is_allowed(job_dir, tmp_path):
    outside = tmp_path / "outside.txt"
    err = _refused(job_dir, _code(f"def transform(row):\n    open({str(outside)!r}, 'a').write('x')\n    return row\n"))
    assert err.kind == "code_refused" and "only writable place" in str(err)
    assert not outside.exists()
    for body in (f"os.remove({str(job_dir / 'job.json')!r} + '/../../outside.txt')", "os.mkdir('/tmp/trex-x')"):
        err = _refused(job_dir, _code(f"import os\n\ndef transform(row):\n    {body}\n    return row\n"))
        assert err.kind == "code_refused", str(err)
    inside = "def transform(row):\n    with open('notes/seen.txt', 'a') as f:\n        f.write(row['input'])\n    return row\n"
    (job_dir / "notes").mkdir()
    rows, _ = _run(job_dir, _code(inside))
    assert len(rows) == 40 and (job_dir / "notes" / "seen.txt").stat().st_size > 0


def test_a_process_is_refused(job_dir):
    err = _refused(
        job_dir, _code("import subprocess\n\ndef transform(row):\n    subprocess.run(['true'])\n    return row\n")
    )
    assert err.kind == "code_refused" and "subprocess.Popen refused" in str(err)


def test_the_time_limit_stops_a_loop(job_dir):
    err = _refused(job_dir, _code("def transform(row):\n    while True:\n        pass\n", timeoutSeconds=1))
    assert err.kind == "code_failed" and "time limit of 1 s" in str(err)


def test_the_memory_limit_stops_a_large_allocation(job_dir):
    code = "def transform(row):\n    block = bytearray(600 * 1024 * 1024)\n    return row\n"
    err = _refused(job_dir, _code(code, memoryMiB=256))
    assert err.kind == "code_failed" and "memory limit of 256 MiB" in str(err)
    rows, _ = _run(job_dir, _code(code, memoryMiB=2048))  # the same code within a larger limit
    assert len(rows) == 40


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ("return row['input']", "transform returned str for row 0"),
        ("return {'input': row['input']}", "a row needs string input and output"),
        ("return [row, 3]", "transform returned list for row 0"),
        ("return 1 / 0", "ZeroDivisionError: division by zero (line 2: return 1 / 0)"),
    ],
)
def test_a_bad_return_or_an_error_fails_the_step_with_the_reason(job_dir, body, said):
    err = _refused(job_dir, _code(f"def transform(row):\n    {body}\n"))
    assert err.kind == "code_failed" and said in str(err), str(err)


def test_the_code_runs_in_another_process_without_the_workers_environment(job_dir, monkeypatch):
    monkeypatch.setenv("TREX_SECRET", "s3cret")
    code = "import os\n\ndef transform(row):\n    return {**row, 'output': f\"{os.getpid()} {os.environ.get('TREX_SECRET')}\"}\n"
    rows, _ = _run(job_dir, _code(code))
    pid, secret = rows[0]["output"].split()
    assert int(pid) != os.getpid() and secret == "None"


def test_the_dry_run_shows_code_samples_and_a_training_job_fails_as_refused(tmp_path):
    code = "def transform(row):\n    return {**row, 'input': 'Q: ' + row['input']}\n"
    dry = {"version": 1, "kind": "dryrun", "jobId": "dry", "task": {"id": "mini-sst2", "seed": 0}}
    res, _ = run_in_process(write_job(tmp_path / "jobs" / "dry", {**dry, "recipe": {"operators": [LOAD, _code(code)]}}))
    assert res["status"] == "succeeded" and res["dryRun"]["rows"] == 40
    assert res["recipeReport"][1]["samples"][0]["input"].startswith("Q: ")

    net = "import urllib.request\n\ndef transform(row):\n    urllib.request.urlopen('http://127.0.0.1:9/')\n    return row\n"
    recipe = {"operators": [LOAD, _code(net)]}
    res, _ = run_in_process(write_job(tmp_path / "jobs" / "dry-net", {**dry, "recipe": recipe}))
    assert res["status"] == "failed" and res["failureKind"] == "code_refused"
    job = make_job(
        jobId="train",
        recipe=recipe,
        training={"baseModel": "tiny-small", "steps": 2, "batchSize": 4, "learningRate": 0.003},
    )
    res, _ = run_in_process(write_job(tmp_path / "jobs" / "train", job))
    assert res["status"] == "failed" and res["failureKind"] == "code_refused"
    assert "network access refused" in res["error"]


def test_code_that_does_not_compile_is_a_broken_recipe_before_any_row_is_loaded(tmp_path):
    recipe = {"operators": [LOAD, _code("def transform(row)\n    return row\n")]}
    res, _ = run_in_process(write_job(tmp_path / "jobs" / "syntax", make_job(jobId="syntax", recipe=recipe)))
    assert res["status"] == "failed" and "does not compile" in res["error"]
    assert res["recipeReport"] == []
