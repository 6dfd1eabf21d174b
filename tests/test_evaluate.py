"""`newsgen evaluate` scores extraction on the answer key and the dev split."""

from __future__ import annotations

import re

from click.testing import CliRunner

from newsgen.cli import main

from .conftest import DEV_SPLIT, GOLD, SEEDS


def micro_f1(output: str, heading: str) -> float:
    section = output.split(heading, 1)[1]
    return float(re.search(r"micro\s+[\d.]+\s+[\d.]+\s+([\d.]+)", section).group(1))


def test_evaluate_prints_scores_above_the_floors():
    result = CliRunner().invoke(main, ["evaluate", "--gold", str(GOLD), "--seeds", str(SEEDS), "--dev", str(DEV_SPLIT)])
    assert result.exit_code == 0, result.output
    assert micro_f1(result.output, "answer key") >= 0.90
    assert micro_f1(result.output, "CRF alone") >= 0.78
    found = re.search(r"found ([\d.]+)%, right value ([\d.]+)%", result.output)
    assert float(found.group(2)) >= 90.0
    within = re.search(r"publication dates within bounds: (\d)/5", result.output)
    assert int(within.group(1)) >= 2
