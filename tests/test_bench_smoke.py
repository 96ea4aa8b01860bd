"""Smoke test of the benchmark: the generator writes a clean playbook and run.py writes its table.

No timing is asserted; this only keeps ``bench/`` working as the code evolves.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest

from masa_playbook.check import check

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
TODAY = "2026-11-26"
SITE_READY = (REPO / "mkdocs.yml").is_file() and (REPO / "hooks").is_dir()

sys.path.insert(0, str(BENCH))
from generate import generate  # noqa: E402


def test_generated_playbook_checks_clean(tmp_path: Path) -> None:
    generate(tmp_path / "pb", 12, seed=3)
    campaigns = sorted(p.name for p in (tmp_path / "pb" / "campaigns").iterdir())
    assert len(campaigns) == 12
    assert len(list((tmp_path / "pb" / "playbooks" / "plays").glob("*.md"))) == 8
    assert len(list((tmp_path / "pb" / "playbooks" / "sonicht").glob("*.md"))) == 12
    result = subprocess.run(
        [sys.executable, "-m", "masa_playbook", "check", str(tmp_path / "pb"), "--today", TODAY],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_generator_is_deterministic(tmp_path: Path) -> None:
    generate(tmp_path / "a", 30, seed=7)
    generate(tmp_path / "b", 30, seed=7)
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.md"))
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.md"))
    assert files_a == files_b
    for rel in files_a:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()
    result = check(tmp_path / "a", today=dt.date.fromisoformat(TODAY))
    assert result.errors == []
    statuses = {c.plan.status for c in result.playbook.campaigns.values()}
    assert "done" in statuses
    assert all(c.retro is not None for c in result.playbook.campaigns.values() if c.plan.status == "done")


@pytest.mark.slow  # builds three tiny sites once the site exists; well under 30 s
def test_run_quick_writes_the_table(tmp_path: Path) -> None:
    output = tmp_path / "RESULTS.md"
    cmd = [sys.executable, str(BENCH / "run.py"), "--quick", "--sizes", "12", "--runs", "1"]
    cmd += ["--output", str(output), "--workdir", str(tmp_path / "work")]
    if not SITE_READY:
        cmd.append("--no-build")
    result = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    table = output.read_text(encoding="utf-8")
    for heading in ("## Time and peak memory", "## Output size", "## Targets (issues 8 and 17)"):
        assert heading in table
    for row in ("| 12 | masa check |", "| 12 | floor: read + CSafeLoader front matter |"):
        assert row in table
    assert "| CPUs (nproc) |" in table
    assert "| masa check / floor at N=3,000 |" in table
    build_rows = (
        "| 12 | mkdocs build (playbook) |",
        "| 12 | floor: Material, plain pages |",
        "| 12 | floor: Material blog plugin |",
        "| 12 | masa build --engine zensical (playbook) |",
        "| 12 | floor: Zensical, plain pages |",
        "| 12 | Zensical, plain pages, no link check |",
    )
    for row in build_rows:
        assert row in table
    if SITE_READY:
        assert "skipped" not in table
        assert "| mkdocs build / plain pages at N=12 |" in table
        assert "| Zensical: masa build / plain pages at N=12 |" in table
        assert (
            "Zensical plain; " in table and "without its link check |" in table
        )  # the Zensical row's ratios
        assert "not built" not in table
    else:
        assert "skipped" in table


def test_adversarial_bench_writes_its_section(tmp_path: Path) -> None:
    # A tiny run of bench/adversarial.py: its section replaces an older one and leaves the rest alone.
    from hostile_inputs import hostile_inputs

    output = tmp_path / "RESULTS.md"
    output.write_text(
        "# Benchmark results\n\n## Adversarial inputs (issue 16)\n\nold\n\n## Targets\n\nkept\n"
    )
    cmd = [sys.executable, str(BENCH / "adversarial.py"), "--scale", "0.005", "--runs", "1"]
    result = subprocess.run([*cmd, "--output", str(output)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    text = output.read_text(encoding="utf-8")
    assert text.count("## Adversarial inputs (issue 16)") == 1
    assert "\nold\n" not in text
    assert text.startswith("# Benchmark results\n") and "## Targets\n\nkept\n" in text
    assert re.search(
        r"\*\*Worst time per KB: \d+\.\d{3} ms/KB \((.+?), \d+\.\d{3} s for [\d,.]+ KB\)\.\*\*", text
    )
    rows = re.findall(
        r"^\| (.+?) \| `(.+?)` \| ([\d,.]+) \| ([012]) \| ([\d,]+) \| (\d+\.\d{3}) \|", text, re.M
    )
    names = [row[0] for row in rows]
    assert names[0] == "clean skeleton (baseline)"
    assert sorted(names[1:]) == sorted(h.name for h in hostile_inputs(0.005))
    assert dict((row[0], row[3]) for row in rows)["alias bomb"] == "1"  # a finding, not a crash
