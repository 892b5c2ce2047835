"""``metropole serve`` pins each worker to a core of its own when it has fewer workers than cores
(``--pin``, the default; ``--no-pin`` leaves them free): read from the worker's own affinity in
/proc, on Linux with two cores or more."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    not hasattr(os, "sched_getaffinity") or len(os.sched_getaffinity(0)) < 2, reason="pinning needs Linux and two cores"
)


def _coeurs_du_worker(options: list[str]) -> set[int]:
    """The cores the worker of ``metropole serve --workers 1 OPTIONS`` may run on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    metropole = Path(sys.executable).with_name("metropole")
    processus = subprocess.Popen(
        [str(metropole), "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1", *options],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        limite = time.monotonic() + 120
        while True:
            assert processus.poll() is None, f"metropole serve stopped ({processus.returncode})"
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/entities", timeout=5).read()
                break
            except OSError:
                assert time.monotonic() < limite, "metropole serve did not answer"
                time.sleep(0.3)
        enfants = Path(f"/proc/{processus.pid}/task/{processus.pid}/children").read_text().split()
        assert len(enfants) == 1, enfants
        return os.sched_getaffinity(int(enfants[0]))
    finally:
        os.killpg(processus.pid, signal.SIGTERM)
        processus.wait(timeout=30)


def test_un_worker_epingle_a_un_coeur():
    assert _coeurs_du_worker([]) == {min(os.sched_getaffinity(0))}


def test_no_pin_laisse_tous_les_coeurs():
    assert _coeurs_du_worker(["--no-pin"]) == os.sched_getaffinity(0)
