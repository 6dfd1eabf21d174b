"""Work shared across processes: forked workers that inherit what they need from the parent.

Forking (not spawning) lets a worker use the loaded tagger, the Jinja environment or
the site index without pickling them; only the items and the results cross processes.
Results come back in the items' order, so a parallel build equals a one-process build.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from types import GeneratorType

from .output import close_inherited_locks

_PR_SET_PDEATHSIG = 1  # Linux prctl option: a signal for this process when its parent dies

# The function a forked worker runs, set just before forking (inherited, never pickled).
_WORK: list[Callable] = []


def fork_map(function: Callable, items: Sequence, processes: int, min_items: int = 20,
             then: Callable | None = None) -> list:
    """[then(function(item)) for item in items], `function` across `processes` forked workers
    when it is worth it; `then` runs here, on each result as it arrives."""
    then = then or _same
    if processes <= 1 or len(items) < min_items or not can_fork():
        return [then(function(item)) for item in items]
    _WORK[:] = [function]
    try:
        with multiprocessing.get_context("fork").Pool(processes, initializer=start_worker) as pool:
            # several chunks a worker: an uneven chunk does not leave the other cores idle
            return [then(result) for result in pool.imap(_run, items, chunksize=max(1, len(items) // (processes * 8)))]
    finally:
        _WORK.clear()


class Background:
    """function() run in a forked process while this one goes on; result() waits for what it returned.
    A generator function's values come one at a time: next() waits for each, close() when done.

    Where forking is not possible it runs here, at once (a generator, as its values are asked for).
    The child may fork workers itself.
    """

    def __init__(self, function: Callable):
        self._process = None
        if not can_fork():
            self._value = function()
            return
        context = multiprocessing.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_run_in_background, args=(function, sender))
        self._process.start()
        sender.close()  # the child's end: when the child dies, recv() gets EOFError instead of waiting

    def result(self):
        if self._process is None:
            return self._value
        try:
            return self.next()
        finally:
            self._process.join()
            self._receiver.close()

    def next(self):
        """The next value the function sent (all it returned, or what a generator yielded next)."""
        if self._process is None:
            return next(self._value)
        try:
            ok, value = self._receiver.recv()
        except EOFError:  # it died before sending: its exit code is known once it is joined
            self._process.join()
            ok, value = False, None
        if not ok:
            raise value or RuntimeError(f"a background worker stopped (exit code {self._process.exitcode})")
        return value

    def close(self) -> None:
        """Done with it (or this process is failing): what it would still do is not wanted."""
        if self._process is not None:
            self._process.terminate()
            self._process.join()
            self._receiver.close()


@contextmanager
def alongside(function: Callable, processes: int, steps: bool = False) -> Iterator[Callable]:
    """function() run by a Background process while the with-block runs, when `processes` > 1 (else
    here, when the block asks for it): the block calls what it is given for function's value (with
    `steps`, a generator function's next value), and leaving the block stops the process."""
    worker = Background(function) if processes > 1 else None
    try:
        if worker:
            yield worker.next if steps else worker.result
        else:
            yield partial(next, function()) if steps else function
    finally:
        if worker:
            worker.close()


def _run_in_background(function: Callable, sender) -> None:
    start_worker()
    try:
        value = function()
        for item in value if isinstance(value, GeneratorType) else (value,):
            _send(sender, (True, item))
    except BaseException as exc:  # noqa: BLE001 - whatever it is, the parent raises it
        _send(sender, (False, exc))
    sender.close()


def _send(sender, outcome: tuple) -> None:
    try:
        sender.send(outcome)
    except Exception as exc:  # an exception that cannot be pickled: its message can
        sender.send((False, RuntimeError(f"{type(outcome[1]).__name__}: {outcome[1]}: {exc}")))


def _same(value):
    return value


def _run(item):
    return _WORK[0](item)


def can_fork() -> bool:
    """Forking is safe only from the main thread (newsgen serve rebuilds in another one)."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.current_thread() is threading.main_thread()


@contextmanager
def collecting_cycles() -> Iterator[None]:
    """Python's cyclic collector on (a build turns it off in its own process) for the block."""
    collecting = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        if not collecting:
            gc.disable()


def start_worker() -> None:
    """Initialise a forked worker: Ctrl-C is the parent's to handle, and the build lock is the parent's
    to hold. Its cyclic collector runs (the build turns its parent's off): rendering pages makes a few
    reference cycles each."""
    gc.enable()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group
    close_inherited_locks()
    _die_with_parent()


def _die_with_parent() -> None:
    # a build killed with SIGKILL must not leave workers writing into its staging folder
    libc_name = ctypes.util.find_library("c")
    prctl = getattr(ctypes.CDLL(libc_name), "prctl", None) if libc_name else None
    if prctl is not None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() == 1:  # the parent died before prctl took effect
            os._exit(1)
