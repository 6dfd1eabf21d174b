"""Work in forked processes: a background job returns its value, or raises its error, here."""

from __future__ import annotations

import os
import time

import pytest

from newsgen.parallel import Background, alongside


def test_a_background_job_runs_in_another_process_and_returns_its_value():
    job = Background(lambda: (os.getpid(), [n * n for n in range(5)]))
    pid, squares = job.result()
    assert pid != os.getpid() and squares == [0, 1, 4, 9, 16]


def test_a_background_job_error_is_raised_where_its_result_is_asked_for():
    def fail():
        raise ValueError("disk full while writing data/mentions.csv")

    job = Background(fail)
    with pytest.raises(ValueError, match="disk full"):
        job.result()


def test_a_background_job_that_dies_is_an_error_not_a_wait():
    job = Background(lambda: os._exit(3))
    with pytest.raises(RuntimeError, match="exit code 3"):
        job.result()


def test_a_closed_background_job_stops(tmp_path):
    marker = tmp_path / "finished"
    job = Background(lambda: (time.sleep(30), marker.touch()))
    started = time.monotonic()
    job.close()
    assert time.monotonic() - started < 10 and not marker.exists()


def test_a_background_generators_values_come_as_they_are_made(tmp_path):
    marker = tmp_path / "finished"

    def steps():
        yield os.getpid()
        time.sleep(30)
        marker.touch()
        yield "late"

    started = time.monotonic()
    with alongside(steps, 2, steps=True) as next_value:
        assert next_value() != os.getpid()  # made by another process, and sent before the sleep
        assert time.monotonic() - started < 10
    assert time.monotonic() - started < 10 and not marker.exists()  # leaving the block stopped it
    with alongside(steps, 1, steps=True) as next_value:  # one process: made here, as asked for
        assert next_value() == os.getpid()
