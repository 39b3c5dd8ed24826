"""Work done in a forked second process, its result handed back through a pipe.

Used to compute the facts of many uncached files on two cores: the child runs with a copy
of everything the parent had loaded (no imports, nothing to send it), and what it returns
is plain data. Any failure of the child only means the parent does that work itself.
"""
from __future__ import annotations

import os
import pickle
import sys
import threading
from typing import Any, Callable


def available() -> bool:
    """A fork is cheap and safe here (Linux, no other thread that could hold a lock the
    child needs), and a second core is free to use now: on a busy machine the child only
    adds its own overhead."""
    if not (sys.platform.startswith("linux") and hasattr(os, "fork")
            and threading.active_count() == 1):
        return False
    return _running_now() < len(os.sched_getaffinity(0))


def _running_now() -> float:
    """Processes running or ready to run at this moment, this one included (the kernel's
    count, /proc/loadavg); else the last minute's load average, and half for this one. The
    average lags: just after another command it still counts that command for a minute."""
    try:
        with open("/proc/loadavg", encoding="ascii") as stream:
            return int(stream.read().split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        return os.getloadavg()[0] + 0.5


def fork(work: Callable[[], Any]) -> Callable[[], Any]:
    """Run work() in a child process; the returned function waits for its result (None when
    the child failed)."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:                    # the child: never returns into the parent's code
        status = 1
        try:
            os.close(reader)
            with os.fdopen(writer, "wb") as out:
                pickle.dump(work(), out, protocol=pickle.HIGHEST_PROTOCOL)
            status = 0
        finally:
            os._exit(status)        # no atexit handlers, no flushing the parent's buffers
    os.close(writer)

    def result() -> Any:
        try:
            with os.fdopen(reader, "rb") as source:
                value = pickle.load(source)
        except Exception:           # a child that died or wrote nothing: work not done
            value = None
        os.waitpid(pid, 0)
        return value
    return result
