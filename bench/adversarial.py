"""The adversarial-input figure (issue 16): the worst time per KB of ``masa check`` on hostile input.

Every hostile input of the tests (``tests/hostile_inputs.py``: 20,000
backticks after a link, an alias bomb, deep nesting, files at the 2 MB limit,
10,000 tasks, long runs of ``[``, ``<``, ``*``, ``_``, ``\\``, control
characters...) replaces one file of a small valid playbook, and ``masa check
--format json`` runs on it in this process, through the same entry point as
the command line (``masa_playbook.cli.main``). Each input's time is the median
of ``--runs`` runs, each from a cold cache, divided by the KB ``masa check``
reads (every content file and ``mkdocs.yml``). The report is a table and the
worst time per KB with its input; it goes into ``bench/RESULTS.md`` as its own
section (``## Adversarial inputs``), leaving the rest of the file alone.

Usage::

    python bench/adversarial.py                          # full size, 3 runs, updates bench/RESULTS.md
    python bench/adversarial.py --scale 0.01 --runs 1 --output -   # a tiny run, printed
    python bench/run.py --adversarial ...                # the same after the scale benchmark
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "tests"))

from hostile_inputs import CONTENT_FILES, TODAY, Hostile, hostile_inputs, write_skeleton  # noqa: E402
from masa_playbook import loader  # noqa: E402
from masa_playbook.cli import main as masa  # noqa: E402

HEADING = "## Adversarial inputs (issue 16)"


@dataclass
class Measurement:
    """One hostile input: its size, what ``masa check`` said, and how long it took."""

    name: str
    path: str
    input_bytes: int
    status: int
    findings: int
    times: list[float]

    @property
    def seconds(self) -> float:
        """Median wall time of the runs."""
        return statistics.median(self.times)

    @property
    def ms_per_kb(self) -> float:
        """Median milliseconds per KB of input."""
        return 1000 * self.seconds / (self.input_bytes / 1024)


def _check(root: Path) -> tuple[int, int, float]:
    """``masa check --format json`` on ``root`` from a cold cache: status, findings, seconds."""
    # The loader keeps parsed files for ``mkdocs serve``; a command starts without them.
    loader._PARSED.clear()
    out = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        status = masa(["check", str(root), "--format", "json", "--today", TODAY])
    seconds = time.perf_counter() - start
    return status, len(json.loads(out.getvalue())), seconds


def measure(hostile: Hostile | None, runs: int, workdir: Path) -> Measurement:
    """Place ``hostile`` (``None``: the clean skeleton) in a fresh playbook and time ``masa check``."""
    root = workdir / "repo"
    shutil.rmtree(root, ignore_errors=True)
    write_skeleton(root)
    if hostile is not None:
        hostile.place(root)
    size = sum((root / rel).stat().st_size for rel in CONTENT_FILES if (root / rel).is_file())
    times: list[float] = []
    status = findings = 0
    for _ in range(runs):
        status, findings, seconds = _check(root)
        times.append(seconds)
    shutil.rmtree(root, ignore_errors=True)
    name, path = ("clean skeleton (baseline)", "-") if hostile is None else (hostile.name, hostile.path)
    return Measurement(name, path, size, status, findings, times)


def measure_all(scale: float, runs: int, only: str | None = None) -> tuple[Measurement, list[Measurement]]:
    """The baseline and every hostile input (those whose name contains ``only``, if given)."""
    with tempfile.TemporaryDirectory(prefix="masa-adversarial-") as tmp:
        work = Path(tmp)
        measure(None, 1, work)  # warm up: imports, the contract's validators
        baseline = measure(None, runs, work)
        results = []
        for hostile in hostile_inputs(scale):
            if only and only not in hostile.name:
                continue
            print(f"  {hostile.name} ...", file=sys.stderr, flush=True)
            results.append(measure(hostile, runs, work))
    return baseline, results


def section(baseline: Measurement, results: list[Measurement], *, scale: float, runs: int) -> str:
    """The Markdown section of the report."""
    worst = max(results, key=lambda m: m.ms_per_kb)
    slowest = max(results, key=lambda m: m.seconds)
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    lines = [
        HEADING,
        "",
        f"Written by `bench/adversarial.py` on {when}. Command: "
        f"`python bench/adversarial.py --scale {scale:g} --runs {runs}`; Python {platform.python_version()}.",
        "Each hostile input of the tests (`tests/hostile_inputs.py`) replaces one file of a small valid",
        "playbook; `masa check --format json` runs in-process (`masa_playbook.cli.main`) from a cold",
        "cache. Times are medians of the runs; KB is everything `masa check` reads (all content files",
        "and `mkdocs.yml`). The fixed cost of a check (the baseline) dominates the smallest inputs.",
        f"The machine may be shared (load average {load} at the end, {os.cpu_count()} CPUs): single runs",
        "swing by a third; compare inputs within one run, and look for inputs far above the rest.",
        "",
        f"**Worst time per KB: {worst.ms_per_kb:.3f} ms/KB ({worst.name}, {worst.seconds:.3f} s "
        f"for {worst.input_bytes / 1024:,.1f} KB).** Slowest input: {slowest.name}, {slowest.seconds:.3f} s. "
        f"Baseline: {baseline.seconds * 1000:.1f} ms for {baseline.input_bytes / 1024:,.1f} KB.",
        "",
        "| input | file | KB | exit | findings | seconds (median) | spread | ms/KB |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for m in [baseline, *sorted(results, key=lambda m: -m.ms_per_kb)]:
        spread = f"{min(m.times):.3f}–{max(m.times):.3f}"
        lines.append(
            f"| {m.name} | `{m.path}` | {m.input_bytes / 1024:,.1f} | {m.status} | {m.findings:,} "
            f"| {m.seconds:.3f} | {spread} | {m.ms_per_kb:.3f} |"
        )
    return "\n".join(lines) + "\n"


def section_of(text: str) -> str | None:
    """The adversarial section of a report, from its heading to the next ``## `` heading or the end."""
    start = text.find(HEADING)
    if start < 0:
        return None
    end = text.find("\n## ", start + len(HEADING))
    return text[start:] if end < 0 else text[start : end + 1]


def with_section(text: str, new: str | None) -> str:
    """``text`` with its adversarial section replaced by ``new`` (or ``new`` appended; ``None``: as is)."""
    if new is None:
        return text
    old = section_of(text)
    if old is not None:  # keep the blank line before a following section
        return text.replace(old, new.rstrip("\n") + ("\n\n" if old.endswith("\n\n") else "\n"))
    return text.rstrip("\n") + "\n\n" + new


def update_results(output: Path, *, scale: float = 1.0, runs: int = 3, only: str | None = None) -> str:
    """Measure and write the section into ``output`` (``-``: print it); returns the section."""
    baseline, results = measure_all(scale, runs, only)
    new = section(baseline, results, scale=scale, runs=runs)
    if str(output) == "-":
        print(new, end="")
    else:
        old = output.read_text(encoding="utf-8") if output.is_file() else "# Benchmark results\n"
        output.write_text(with_section(old, new), encoding="utf-8")
    return new


def main(argv: Sequence[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(description="Time masa check on the hostile inputs of the tests.")
    parser.add_argument("--scale", type=float, default=1.0, help="input size, 1.0 = full (tests use 0.02)")
    parser.add_argument("--runs", type=int, default=3, help="runs per input (3)")
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md", help="report file, or - to print")
    parser.add_argument("--only", help="only the inputs whose name contains this text")
    ns = parser.parse_args(argv)
    if ns.runs < 1 or ns.scale <= 0:
        parser.error("--runs and --scale must be positive")
    update_results(ns.output, scale=ns.scale, runs=ns.runs, only=ns.only)
    return 0


if __name__ == "__main__":
    sys.exit(main())
