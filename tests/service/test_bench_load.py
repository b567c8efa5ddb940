"""The HTTP bench's CPU accounting (styrdok/bench_load.py): a server's CPU includes its worker
processes, and a phase reports the cores of the server, the load generator and the rest."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from styrdok.bench_load import CpuMeter, load_inprocess, tree_cpu_s
from tests.service.aio import run_fresh

pytestmark = pytest.mark.unit


# a parent that, like uvicorn with --workers, leaves the work to a child process; the child
# burns a fixed amount of work, says so, and stays alive until its stdin closes
PARENT = """
import subprocess, sys
child = subprocess.Popen(
    [sys.executable, "-c", "sum(range(3 * 10**7)); print('done', flush=True); input()"],
    stdin=subprocess.PIPE,
)
child.wait()
"""


def own_ticks(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.mark.skipif(not os.path.exists("/proc/stat"), reason="reads /proc (Linux)")
def test_a_servers_cpu_includes_its_workers() -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT], stdout=subprocess.PIPE, stdin=subprocess.DEVNULL
    )
    try:
        assert parent.stdout is not None
        assert parent.stdout.readline().strip() == b"done"  # the child did its work
        assert tree_cpu_s(parent.pid) > own_ticks(parent.pid)  # the child's CPU is counted
        with CpuMeter(parent.pid) as meter:
            sum(range(10**7))  # the load generator's own work
        assert set(meter.cores) == {"cpu_server_cores", "cpu_loadgen_cores", "cpu_other_cores"}
        assert meter.cores["cpu_loadgen_cores"] > 0
        assert all(v >= 0 for v in meter.cores.values())
    finally:
        parent.kill()
        parent.wait()


def test_the_load_without_http_asks_the_streams_questions_in_threads() -> None:
    asked: list[str] = []
    stream = iter(
        [("structured", f"fråga {i}") if i % 2 else ("open", f"fråga {i}") for i in range(10**4)]
    )
    out = run_fresh(load_inprocess(asked.append, 2, 0.3, 3, stream, seed=1, think_s=(0.001, 0.002)))
    assert asked[:2] == ["fråga 0", "fråga 1"]  # the two warm-up questions first
    assert len(out["latencies"]) == len(asked) - 2 > 0
    assert sum(len(v) for v in out["by_kind"].values()) == len(out["latencies"])
