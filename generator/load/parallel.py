"""Work shared with a forked second process, its results handed back through a pipe.

Used to compute the facts of many uncached files on two cores: the child runs with a copy
of everything the parent had loaded (no imports, nothing to send it), and what it returns
is plain data. Any failure of the child only means the parent does that work itself.
"""
from __future__ import annotations

import os
import pickle
import sys
import threading
import time
from typing import Any, Callable


def available() -> bool:
    """A fork is cheap and safe here (Linux, no other thread that could hold a lock the
    child needs), and a second core is free to use now: on a busy machine the child only
    adds its own overhead. The machine counts as busy only when it stays so over a few
    samples: one other process running at the moment asked (a runner's agent, a shell)
    must not keep a whole scan on one core."""
    if not (sys.platform.startswith("linux") and hasattr(os, "fork")
            and threading.active_count() == 1):
        return False
    cores = len(os.sched_getaffinity(0))
    for _ in range(BUSY_SAMPLES):
        if _running_now() - _own_children_running() < cores:
            return True
        time.sleep(BUSY_SAMPLE_GAP)
    return False


BUSY_SAMPLES = 5
BUSY_SAMPLE_GAP = 0.003      # seconds: 12 ms in all, only when every sample finds it busy


def _running_now() -> float:
    """Processes running or ready to run at this moment, this one included (the kernel's
    count, /proc/loadavg); else the last minute's load average, and half for this one. The
    average lags: just after another command it still counts that command for a minute."""
    try:
        with open("/proc/loadavg", encoding="ascii") as stream:
            return int(stream.read().split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        return os.getloadavg()[0] + 0.5


def _own_children_running() -> int:
    """This process's children running now: the git commands it started to read history
    while it loads. They end on their own shortly and are not load to make way for (on a
    long history, counting them kept the second process off for the whole scan)."""
    running = 0
    try:
        for task in os.listdir("/proc/self/task"):
            with open(f"/proc/self/task/{task}/children", encoding="ascii") as stream:
                for pid in stream.read().split():
                    running += _state(pid) == "R"
    except OSError:
        return 0
    return running


def _state(pid: str) -> str:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stream:
            return stream.read().rpartition(")")[2].split()[0]
    except (OSError, IndexError):      # ended meanwhile
        return ""


_TOKEN = 4                  # bytes per task number in the queue
MAX_TASKS = 16_000          # their numbers fit a pipe's buffer (64 KiB): written before the fork
_LENGTH = 8                 # bytes of a message's length, before its pickle
_PIPE_SIZE = 1 << 20        # room for ten folders' scans, so the child seldom waits for us


def share(count: int, work: Callable[[int], Any],
          child_extra: Callable[[], Any] = lambda: None,
          meanwhile: Callable[[], Any] | None = None) -> tuple[dict[int, Any], list[Any]]:
    """work(i) for every i in range(count), by this process and a forked child: each takes
    the next task not yet taken whenever it is free, so neither waits long for the other.
    The child sends each result as it has it, with what child_extra() gives after that task,
    and this process reads them between its own tasks, so that little is left to hand over
    when the last task ends. `meanwhile()`, if given, is run by this process first, while
    the child starts.
    Returns the results by task, and the extras of the child's tasks, in the order they came
    (when the child failed, this process did the tasks it had not handed back)."""
    if count > MAX_TASKS:
        return {i: work(i) for i in range(count)}, []
    reader, writer = os.pipe()
    os.write(writer, b"".join(i.to_bytes(_TOKEN, "big") for i in range(count)))
    os.close(writer)

    def taken():
        while len(token := os.read(reader, _TOKEN)) == _TOKEN:    # a pipe read is atomic
            yield int.from_bytes(token, "big")

    def in_child(send: Callable[[Any], None]) -> None:
        for i in taken():
            result = work(i)
            send((i, result, child_extra()))
    inbox = fork(in_child)
    if meanwhile is not None:
        meanwhile()
    results: dict[int, Any] = {}
    extras: list[Any] = []

    def received(messages: list) -> None:
        for i, result, extra in messages:
            results[i] = result
            extras.append(extra)
    for i in taken():
        results[i] = work(i)
        received(inbox.ready())
    os.close(reader)
    received(inbox.rest())
    results.update({i: work(i) for i in range(count) if i not in results})
    return results, extras


def fork(work: Callable[[Callable[[Any], None]], None]) -> "Inbox":
    """Run work(send) in a child process, which may send() any number of picklable values;
    this process reads them from the Inbox returned."""
    import fcntl  # POSIX only, as fork is

    reader, writer = os.pipe()
    try:
        fcntl.fcntl(writer, fcntl.F_SETPIPE_SZ, _PIPE_SIZE)
    except (OSError, AttributeError):       # a lower limit, or not Linux
        pass
    pid = os.fork()
    if pid == 0:                    # the child: never returns into the parent's code
        status = 1
        try:
            os.close(reader)
            with os.fdopen(writer, "wb") as out:
                work(lambda value: _send(out, value))
            status = 0
        finally:
            os._exit(status)        # no atexit handlers, no flushing the parent's buffers
    os.close(writer)
    return Inbox(pid, reader)


def _send(out, value: Any) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(len(data).to_bytes(_LENGTH, "big"))
    out.write(data)
    out.flush()


class Inbox:
    """What a forked child sent: length-prefixed pickles on a pipe. A message cut short
    (the child died) is dropped with all after it."""

    def __init__(self, pid: int, reader: int):
        self.pid, self.reader = pid, reader
        self.pending = bytearray()
        self.ended_well = False
        self.broken = False
        os.set_blocking(reader, False)

    def ready(self) -> list[Any]:
        """The messages that have come in full, without waiting."""
        try:
            while chunk := os.read(self.reader, _PIPE_SIZE):
                self.pending += chunk
        except BlockingIOError:
            pass
        return self._messages()

    def rest(self) -> list[Any]:
        """Every message still to come: waits for the child to end."""
        os.set_blocking(self.reader, True)
        with os.fdopen(self.reader, "rb") as source:
            self.pending += source.read()
        messages = self._messages()
        _, status = os.waitpid(self.pid, 0)
        self.ended_well = status == 0 and not self.pending and not self.broken
        return messages

    def _messages(self) -> list[Any]:
        messages, at = [], 0
        with memoryview(self.pending) as view:
            while not self.broken and len(view) - at >= _LENGTH:
                end = at + _LENGTH + int.from_bytes(view[at:at + _LENGTH], "big")
                if end > len(view):
                    break
                try:
                    messages.append(pickle.loads(view[at + _LENGTH:end]))
                except Exception:   # not what the child wrote: trust nothing after it
                    self.broken = True
                at = end
        del self.pending[:at]
        return messages
