"""Benchmark the playbook at scale and write a Markdown report.

For each size N (default 300, 1,000 and 3,000 campaigns) the script
generates a synthetic playbook (``bench/generate.py``) and measures, side by
side and several times each (round-robin, so that noise on a shared machine
hits every figure alike):

1. ``masa check`` on the corpus, against a floor: a Python process that reads
   every content file and parses its front matter with PyYAML's CSafeLoader;
2. ``mkdocs build`` of the playbook, against two floors: Material building the
   same pages as plain pages outside the navigation, and Material's blog
   plugin building the same pages as posts;
3. the size of the built site and of ``search/search_index.json``, per
   campaign;
4. the peak memory (maximum resident set size) of every process;
5. at N = 1,000, ``mkdocs serve``: the time from saving a campaign's
   ``plan.md`` to the reloaded page serving the change, against a full build.

Every figure is reported as the median and the spread (min-max) of its runs,
and checked against the targets of issues 8 and 17. The report goes to
``bench/RESULTS.md`` unless ``--output`` says otherwise.

Usage::

    python bench/run.py                                 # full run, rewrites bench/RESULTS.md
    python bench/run.py --sizes 300,1000 --runs 3
    python bench/run.py --quick --sizes 12 --runs 1 --output /tmp/RESULTS.md
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import hashlib
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import adversarial  # noqa: E402
from generate import generate  # noqa: E402

TODAY = "2026-11-26"
#: Environment of every measured process: the build's "today" is TODAY (as for
#: ``masa check --today``) and Material's end-of-life banner is off. Python may
#: keep compiled modules (an installed package has them), so no measured run
#: compiles the engine's source again.
ENV = {
    **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    "SOURCE_DATE_EPOCH": str(int(dt.datetime.fromisoformat(TODAY).replace(tzinfo=dt.UTC).timestamp())),
    "NO_MKDOCS_2_WARNING": "1",
}
GNU_TIME = Path("/usr/bin/time")

#: The figures the table shows, in order, with a label.
CHECK = "masa check"
CHECK_FLOOR = "floor: read + CSafeLoader front matter"
BUILD = "mkdocs build (playbook)"
PLAIN = "floor: Material, plain pages"
BLOG = "floor: Material blog plugin"
ZBUILD = "masa build --engine zensical (playbook)"
ZPLAIN = "floor: Zensical, plain pages"
#: Not a target's floor: the same pages with Zensical's link check off, as ``masa build`` stages
#: them (it checks the links of hand-written pages itself; see ``engines.link_check``).
ZPLAIN_NOCHECK = "Zensical, plain pages, no link check"
LABELS = (CHECK, CHECK_FLOOR, BUILD, PLAIN, BLOG, ZBUILD, ZPLAIN, ZPLAIN_NOCHECK)
#: Folder names of the built sites.
SITE_NAMES = {
    BUILD: "playbook",
    PLAIN: "plain",
    BLOG: "blog",
    ZBUILD: "zensical-playbook",
    ZPLAIN: "zensical-plain",
    ZPLAIN_NOCHECK: "zensical-plain-no-link-check",
}
#: What turns Zensical's link check off (``engines.link_check.staged_validation``).
NO_LINK_CHECK = "validation:\n  invalid_links: false\n  invalid_link_anchors: false\n"
#: Zensical's search index (MkDocs': search/search_index.json).
ZENSICAL_INDEX = "search.json"

#: Reads every content file and parses its front matter with the C loader: the
#: least any checker has to do.
FLOOR_SNIPPET = r"""
import sys
from pathlib import Path
import yaml

root = Path(sys.argv[1])
files = [root / "people.yml"]
files += sorted(root.glob("campaigns/*/*.md"))
files += sorted(root.glob("playbooks/*/*.md"))
count = 0
for path in files:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        text = text[4:].split("\n---\n", 1)[0]
    yaml.load(text, Loader=yaml.CSafeLoader)
    count += 1
print(count, "files")
"""


# ------------------------------------------------------------------ measuring


@dataclass
class Sample:
    """One measured process: wall time, CPU time (user + system), peak memory, exit status."""

    seconds: float
    cpu_seconds: float
    max_rss_kb: int
    returncode: int


@dataclass
class Series:
    """Every sample of one figure at one size."""

    samples: list[Sample] = field(default_factory=list)
    skipped: str = ""

    @property
    def ok(self) -> list[Sample]:
        """The samples that exited with status 0."""
        return [s for s in self.samples if s.returncode == 0]

    @property
    def times(self) -> list[float]:
        """Wall times of the successful samples."""
        return [s.seconds for s in self.ok]

    @property
    def cpu_times(self) -> list[float]:
        """CPU times (user + system) of the successful samples."""
        return [s.cpu_seconds for s in self.ok]

    @property
    def failed(self) -> int:
        """How many runs exited with an error."""
        return sum(1 for s in self.samples if s.returncode != 0)

    @property
    def median(self) -> float | None:
        """Median wall time, or ``None`` without a successful run."""
        return statistics.median(self.times) if self.times else None

    @property
    def fastest(self) -> float | None:
        """The shortest wall time: the run least slowed by other load on the machine."""
        return min(self.times) if self.times else None

    @property
    def cpu_median(self) -> float | None:
        """Median CPU time, or ``None`` without a successful run."""
        return statistics.median(self.cpu_times) if self.cpu_times else None

    @property
    def peak_mb(self) -> float | None:
        """The highest peak RSS over all runs, in MB."""
        values = [s.max_rss_kb for s in self.samples if s.max_rss_kb]
        return max(values) / 1024 if values else None


#: What a snapshot of the code holds (see ``snapshot_code``).
SNAPSHOT_PATHS = ("src", "hooks", "docs", "mkdocs.yml")


def snapshot_code(dest: Path) -> Path:
    """Copy the engine, hooks, ``docs/`` and ``mkdocs.yml`` to ``dest`` and measure that copy.

    Others may commit while a long run goes on; the measured processes import
    the package from the snapshot (``PYTHONPATH`` comes before the editable
    install) and every corpus copies its site files from it, so one run
    measures one version of the code.
    """
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in SNAPSHOT_PATHS:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=ignore)
        elif source.is_file():
            shutil.copy2(source, dest / name)
    ENV["PYTHONPATH"] = os.pathsep.join(p for p in (str(dest / "src"), ENV.get("PYTHONPATH", "")) if p)
    # Compiled as pip compiles an installed package, before anything is timed.
    compileall.compile_dir(str(dest / "src"), quiet=1)
    return dest


def _bin(name: str) -> str:
    """An executable of the project's virtual environment (or of the running Python's)."""
    for folder in (REPO / ".venv" / "bin", Path(sys.executable).parent):
        if (folder / name).exists():
            return str(folder / name)
    return name


def measure(cmd: Sequence[str], *, log: Path, timeout: float = 7200.0, cwd: Path | None = None) -> Sample:
    """Run ``cmd`` once; wall time, CPU time, peak RSS and exit status. Output goes to ``log``.

    Peak memory comes from GNU time (``/usr/bin/time -v``) when it is
    installed, otherwise from the rusage the kernel reports for the child
    (``os.wait4``, the per-child form of ``RUSAGE_CHILDREN``).
    """
    with tempfile.NamedTemporaryFile("r", suffix=".time", delete=False) as tf:
        time_file = Path(tf.name)
    use_time = GNU_TIME.exists()
    full = [str(GNU_TIME), "-v", "-o", str(time_file), *cmd] if use_time else list(cmd)
    with log.open("ab") as out:
        out.write(f"\n$ {' '.join(cmd)}\n".encode())
        out.flush()
        start = time.perf_counter()
        proc = subprocess.Popen(full, stdout=out, stderr=subprocess.STDOUT, cwd=cwd, env=ENV)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    rss = int(usage.ru_maxrss)
    if use_time:
        match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", time_file.read_text())
        if match:
            rss = int(match.group(1))
        code = re.search(r"Exit status: (\d+)", time_file.read_text())
        if code:
            proc.returncode = int(code.group(1))
        if "Command terminated by signal" in time_file.read_text():
            proc.returncode = proc.returncode or -1
    time_file.unlink(missing_ok=True)
    # wait4's rusage covers the child and the descendants it waited for (GNU
    # time waits for the measured command), like RUSAGE_CHILDREN.
    cpu = float(usage.ru_utime + usage.ru_stime)
    return Sample(seconds, cpu, rss, proc.returncode)


def dir_bytes(path: Path) -> int:
    """Total size of the files under ``path``."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


# ------------------------------------------------------------------ floor projects

_CAMPAIGN_LINK = re.compile(r"\]\(\.\./([a-z0-9-]+)/(?:plan|retro)\.md\)")
_ENTRY_LINK = re.compile(r"\]\(\.\./\.\./playbooks/(plays|sonicht)/([a-z0-9-]+)\.md\)")
_ANY_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def _split(text: str) -> tuple[str, str]:
    """Front matter (without fences) and body of a generated Markdown file."""
    front, body = text[4:].split("\n---\n", 1)
    return front, body.lstrip("\n")


def _campaign_pages(corpus: Path) -> list[tuple[str, str, str, str]]:
    """(slug, plan front matter, plan body, retro body) of every campaign."""
    out = []
    for folder in sorted((corpus / "campaigns").iterdir()):
        front, body = _split((folder / "plan.md").read_text(encoding="utf-8"))
        retro = folder / "retro.md"
        retro_body = _split(retro.read_text(encoding="utf-8"))[1] if retro.exists() else ""
        out.append((folder.name, front, body, retro_body))
    return out


def _entry_pages(corpus: Path, docs: Path) -> None:
    """Plays and anti-patterns as plain pages at the URLs the playbook gives them."""
    for kind in ("plays", "sonicht"):
        for path in sorted((corpus / "playbooks" / kind).glob("*.md")):
            front, body = _split(path.read_text(encoding="utf-8"))
            target = docs / kind / path.stem / "index.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            text = _ANY_LINK.sub(r"\1", body)
            target.write_text(f"---\n{front}\n---\n\n{text}", encoding="utf-8")


def _markdown_extensions(corpus: Path) -> str:
    """The ``markdown_extensions`` block of the playbook's ``mkdocs.yml``, for the floors.

    The floors render the same Markdown dialect as the playbook, so that the
    ratios measure what the playbook adds, not a different set of extensions.
    """
    config = corpus / "mkdocs.yml"
    if not config.exists():
        return ""
    pattern = r"^markdown_extensions:[ \t]*\n(?:(?:[ \t]+\S.*|[ \t]*)\n)*"
    match = re.search(pattern, config.read_text(encoding="utf-8"), re.MULTILINE)
    return match.group(0).rstrip() + "\n" if match else ""


def make_plain_project(corpus: Path, dest: Path) -> None:
    """Material, search plugin, a one-page nav, and every campaign as a plain page outside it.

    Each page is the campaign's plan (front matter and body) with the retro's
    text appended, at ``campaigns/<slug>/`` like in the playbook; links are
    rewritten to the plain layout so that MkDocs validates them as usual. The
    Markdown extensions are the playbook's.
    """
    if dest.exists():
        shutil.rmtree(dest)
    docs = dest / "docs"
    docs.mkdir(parents=True)
    (dest / "mkdocs.yml").write_text(
        "site_name: Plain pages\ntheme:\n  name: material\nplugins:\n  - search\nnav:\n  - Home: index.md\n"
        + _markdown_extensions(corpus),
        encoding="utf-8",
    )
    (docs / "index.md").write_text("# Plain pages\n\nEvery page is outside the nav.\n", encoding="utf-8")
    for slug, front, body, retro in _campaign_pages(corpus):
        text = body + (f"\n\n## Retro\n\n{retro}" if retro else "")
        text = _CAMPAIGN_LINK.sub(r"](../\1/index.md)", text)
        text = _ENTRY_LINK.sub(r"](../../\1/\2/index.md)", text)
        page = docs / "campaigns" / slug / "index.md"
        page.parent.mkdir(parents=True)
        page.write_text(f"---\n{front}\n---\n\n{text}", encoding="utf-8")
    _entry_pages(corpus, docs)


def make_blog_project(corpus: Path, dest: Path) -> None:
    """Material's blog plugin with every campaign as a post (``date:`` front matter).

    The excerpt separator follows the first paragraph, as blog authors write it.
    """
    if dest.exists():
        shutil.rmtree(dest)
    docs = dest / "docs"
    posts = docs / "blog" / "posts"
    posts.mkdir(parents=True)
    (dest / "mkdocs.yml").write_text(
        "site_name: Blog\n"
        "theme:\n  name: material\n"
        "plugins:\n  - search\n  - blog\n"
        "nav:\n  - Home: index.md\n  - Blog:\n    - blog/index.md\n" + _markdown_extensions(corpus),
        encoding="utf-8",
    )
    (docs / "index.md").write_text("# Blog floor\n", encoding="utf-8")
    (docs / "blog" / "index.md").write_text("# Blog\n", encoding="utf-8")
    for slug, front, body, retro in _campaign_pages(corpus):
        title = re.search(r"^title: (.*)$", front, re.MULTILINE)
        start = re.search(r"^  start: (\d{4}-\d{2}-\d{2})$", front, re.MULTILINE)
        date = start.group(1) if start else "2026-01-01"
        heading = title.group(1).strip("'\"") if title else slug
        text = body + (f"\n\n## Retro\n\n{retro}" if retro else "")
        text = _CAMPAIGN_LINK.sub(r"](\1.md)", text)
        text = _ENTRY_LINK.sub(r"](../../\1/\2/index.md)", text)
        first, _, rest = text.partition("\n\n")
        second, _, rest = rest.partition("\n\n")
        text = f"{first}\n\n{second}\n\n<!-- more -->\n\n{rest}"
        (posts / f"{slug}.md").write_text(
            f"---\ndate: {date}\n---\n\n# {heading}\n\n{text}", encoding="utf-8"
        )
    _entry_pages(corpus, docs)


# ------------------------------------------------------------------ serve


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str, timeout: float = 30.0) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # loopback only
            return int(response.status), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return int(exc.code), ""
    except (urllib.error.URLError, OSError):
        return 0, ""


def _mount_path(corpus: Path) -> str:
    """The path ``mkdocs serve`` mounts the site under (the path of ``site_url``)."""
    text = (corpus / "mkdocs.yml").read_text(encoding="utf-8")
    match = re.search(r"^site_url:\s*['\"]?([^'\"\s#]+)", text, re.MULTILINE)
    path = urlsplit(match.group(1)).path if match else "/"
    return "/" + path.strip("/") + "/" if path.strip("/") else "/"


@dataclass
class ServeResult:
    """Latencies from saving a plan to the reloaded page, and how the server started."""

    first_build: float | None = None
    latencies: list[float] = field(default_factory=list)
    #: CPU time the server process spent from each save to the reloaded page.
    cpu: list[float] = field(default_factory=list)
    timeouts: int = 0
    error: str = ""


def _process_cpu(pid: int) -> float | None:
    """User + system CPU seconds of a running process so far (Linux ``/proc``), or ``None``."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def measure_serve(
    corpus: Path,
    slugs: Sequence[str],
    *,
    log: Path,
    start_timeout: float = 1800.0,
    reload_timeout: float = 600.0,
) -> ServeResult:
    """Start ``mkdocs serve`` on loopback, edit one plan per slug, time until the page shows it."""
    result = ServeResult()
    port = _free_port()
    base = f"http://127.0.0.1:{port}{_mount_path(corpus)}"
    cmd = [_bin("mkdocs"), "serve", "--dirty", "-a", f"127.0.0.1:{port}", "-f", str(corpus / "mkdocs.yml")]
    originals: dict[Path, str] = {}
    with log.open("ab") as out:
        out.write(f"\n$ {' '.join(cmd)}\n".encode())
        out.flush()
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, stdout=out, stderr=subprocess.STDOUT, cwd=corpus, env=ENV, start_new_session=True
        )
        try:
            while time.perf_counter() - start < start_timeout:
                if proc.poll() is not None:
                    result.error = f"mkdocs serve exited with status {proc.returncode}"
                    return result
                if _get(base, timeout=10)[0] == 200:
                    result.first_build = time.perf_counter() - start
                    break
                time.sleep(0.5)
            else:
                result.error = f"the first build was not served within {start_timeout:.0f} s"
                return result
            time.sleep(2.0)  # let the watcher settle
            for i, slug in enumerate(slugs):
                plan = corpus / "campaigns" / slug / "plan.md"
                originals.setdefault(plan, plan.read_text(encoding="utf-8"))
                marker = f"benchmarkmarker{i}x{os.getpid()}x{time.time_ns()}"
                url = f"{base}campaigns/{slug}/"
                cpu_before = _process_cpu(proc.pid)
                saved = time.perf_counter()
                plan.write_text(originals[plan].rstrip("\n") + f"\n\n{marker}\n", encoding="utf-8")
                while time.perf_counter() - saved < reload_timeout:
                    if proc.poll() is not None:
                        result.error = f"mkdocs serve exited with status {proc.returncode}"
                        return result
                    status, text = _get(url)
                    if status == 200 and marker in text:
                        result.latencies.append(time.perf_counter() - saved)
                        cpu_after = _process_cpu(proc.pid)
                        if cpu_before is not None and cpu_after is not None:
                            result.cpu.append(cpu_after - cpu_before)
                        break
                    time.sleep(0.05)
                else:
                    result.timeouts += 1
                time.sleep(2.0)
        finally:
            for path, text in originals.items():
                path.write_text(text, encoding="utf-8")
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGINT)
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait(timeout=30)
    return result


# ------------------------------------------------------------------ the run


@dataclass
class SizeResult:
    """Everything measured at one size."""

    n: int
    series: dict[str, Series] = field(default_factory=lambda: {k: Series() for k in LABELS})
    site_bytes: dict[str, int] = field(default_factory=dict)
    index_bytes: dict[str, int] = field(default_factory=dict)
    serve: ServeResult | None = None
    generate_seconds: float = 0.0


def zensical_available() -> bool:
    """True if the project's Python can run Zensical (``pip install 'masa-playbook[zensical]'``)."""
    probe = [_bin("python"), "-c", "import zensical"]
    return subprocess.run(probe, capture_output=True, check=False).returncode == 0


def build_command(label: str, project: Path, out: Path) -> list[str]:
    """The command that builds ``project`` into ``out`` for the figure ``label``.

    The playbook on Zensical is built as users build it, with ``masa build
    --engine zensical`` (generate, stage, Zensical, publish). Zensical's own
    floor runs Zensical on the plain pages after removing the cache and site
    it keeps in the project, so that every run is a clean build, like the
    staged build (which starts from an empty staging folder every time); its
    site is then moved to ``out``.
    """
    if label == ZBUILD:
        return [_bin("masa"), "build", str(project), "--engine", "zensical", "-d", str(out)]
    if label in (ZPLAIN, ZPLAIN_NOCHECK):
        script = (
            "import shutil, subprocess, sys\n"
            "shutil.rmtree('.cache', ignore_errors=True); shutil.rmtree('site', ignore_errors=True)\n"
            "code = subprocess.call([sys.executable, '-m', 'zensical', 'build', '--config-file', 'mkdocs.yml'])\n"
            "shutil.move('site', sys.argv[1]) if code == 0 else None\n"
            "sys.exit(code)\n"
        )
        return [_bin("python"), "-c", script, str(out)]
    return [_bin("mkdocs"), "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(out)]


def _say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def run_size(
    n: int,
    *,
    runs: int,
    workdir: Path,
    seed: int,
    build: bool,
    serve_repeats: int,
    site_from: Path | None = None,
    zensical: bool = True,
    blog_max: int = 0,
) -> SizeResult:
    """Generate the corpus and floors for ``n`` campaigns and measure every figure ``runs`` times."""
    res = SizeResult(n)
    corpus = workdir / f"playbook-{n}"
    if corpus.exists():
        shutil.rmtree(corpus)
    t0 = time.perf_counter()
    generate(corpus, n, seed, site_from=site_from)
    res.generate_seconds = time.perf_counter() - t0
    log = workdir / f"log-{n}.txt"
    log.write_text("", encoding="utf-8")
    skip_reason = None if (corpus / "mkdocs.yml").exists() else "skipped: no mkdocs.yml in the repository"
    build = build and skip_reason is None
    projects: dict[str, Path] = {}
    if build:
        projects = {BUILD: corpus, PLAIN: workdir / f"plain-{n}"}
        make_plain_project(corpus, projects[PLAIN])
        if blog_max and n > blog_max:
            res.series[BLOG].skipped = f"skipped (--blog-max {blog_max:,})"
        else:
            projects[BLOG] = workdir / f"blog-{n}"
            make_blog_project(corpus, projects[BLOG])
        if zensical and zensical_available():
            # Zensical keeps a cache and its site inside the project: a copy of its own.
            projects[ZBUILD] = corpus
            projects[ZPLAIN] = workdir / f"zensical-plain-{n}"
            shutil.rmtree(projects[ZPLAIN], ignore_errors=True)
            shutil.copytree(projects[PLAIN], projects[ZPLAIN])
            projects[ZPLAIN_NOCHECK] = workdir / f"zensical-plain-no-link-check-{n}"
            shutil.rmtree(projects[ZPLAIN_NOCHECK], ignore_errors=True)
            shutil.copytree(projects[PLAIN], projects[ZPLAIN_NOCHECK])
            with (projects[ZPLAIN_NOCHECK] / "mkdocs.yml").open("a", encoding="utf-8") as settings:
                settings.write(NO_LINK_CHECK)
        else:
            reason = "skipped (--no-zensical)" if not zensical else "skipped: Zensical is not installed"
            for label in (ZBUILD, ZPLAIN, ZPLAIN_NOCHECK):
                res.series[label].skipped = reason
    else:
        reason = "skipped (--no-build)" if skip_reason is None else skip_reason
        for label in (BUILD, PLAIN, BLOG, ZBUILD, ZPLAIN, ZPLAIN_NOCHECK):
            res.series[label].skipped = reason
    python = _bin("python")
    steps: list[tuple[str, Callable[[], Sample]]] = [
        (CHECK, lambda: measure([_bin("masa"), "check", str(corpus), "--today", TODAY], log=log)),
        (CHECK_FLOOR, lambda: measure([python, "-c", FLOOR_SNIPPET, str(corpus)], log=log)),
    ]
    for label, project in projects.items():
        out = workdir / f"site-{SITE_NAMES[label]}-{n}"

        def step(project: Path = project, out: Path = out, label: str = label) -> Sample:
            if out.exists():
                shutil.rmtree(out)
            return measure(build_command(label, project, out), log=log, cwd=project)

        steps.append((label, step))
    for r in range(runs):
        for label, fn in steps:
            sample = fn()
            res.series[label].samples.append(sample)
            note = "" if sample.returncode == 0 else f" (exit {sample.returncode}, see {log})"
            cpu = f"CPU {sample.cpu_seconds:.2f} s"
            _say(f"N={n} run {r + 1}/{runs} {label}: {sample.seconds:.2f} s ({cpu}){note}")
    for label in projects:
        out = workdir / f"site-{SITE_NAMES[label]}-{n}"
        if out.exists():
            res.site_bytes[label] = dir_bytes(out)
            for index in (out / "search" / "search_index.json", out / ZENSICAL_INDEX):
                if index.exists():
                    res.index_bytes[label] = index.stat().st_size
    if serve_repeats and build:
        done = sorted(p.parent.name for p in (corpus / "campaigns").glob("*/retro.md"))
        step_size = max(1, len(done) // max(1, serve_repeats))
        slugs = done[::step_size][:serve_repeats]
        _say(f"N={n} mkdocs serve: {len(slugs)} reloads")
        res.serve = measure_serve(corpus, slugs, log=log)
        _say(f"N={n} mkdocs serve: {res.serve}")
    return res


# ------------------------------------------------------------------ report


def _fmt_s(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f} s"


def _spread(values: Sequence[float]) -> str:
    if not values:
        return "–"
    return f"{min(values):.2f}–{max(values):.2f} s"


def _contention(series: Series) -> str:
    """Median of wall time / CPU time per run: about 1.0 for these single-threaded
    processes on an idle machine, higher when other load took the CPU away."""
    values = [s.seconds / s.cpu_seconds for s in series.ok if s.cpu_seconds > 0]
    return f"{statistics.median(values):.2f}" if values else "–"


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def _x(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}x"


def _mb(value: int | None) -> str:
    return "–" if value is None else f"{value / 1_000_000:.1f} MB"


def _kb(value: float | None) -> str:
    return "–" if value is None else f"{value / 1000:.1f} KB"


def _versions() -> dict[str, str]:
    code = (
        "import importlib.metadata as m, platform\n"
        "print('Python', platform.python_version())\n"
        "for d in ('mkdocs', 'mkdocs-material', 'zensical', 'Markdown', 'Jinja2', 'PyYAML', 'pydantic',"
        " 'masa-playbook'):\n"
        "    try: print(d, m.version(d))\n"
        "    except m.PackageNotFoundError: print(d, '-')\n"
        "import yaml; print('libyaml', getattr(yaml, '__with_libyaml__', False))\n"
    )
    out = subprocess.run([_bin("python"), "-c", code], capture_output=True, text=True, check=False).stdout
    return dict(line.split(" ", 1) for line in out.splitlines() if " " in line)


def code_state() -> str:
    """The commit of the repository and whether the engine or site sources have uncommitted changes."""
    git = shutil.which("git")
    if git is None or not (REPO / ".git").exists():
        return "unknown"
    head = subprocess.run(
        [git, "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    paths = ["src", "hooks", "mkdocs.yml", "docs", "pyproject.toml"]
    dirty = subprocess.run(
        [git, "-C", str(REPO), "status", "--porcelain", "--", *paths],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    if not dirty:
        return head or "unknown"
    digest = hashlib.sha1(
        subprocess.run(
            [git, "-C", str(REPO), "diff", "HEAD", "--", *paths], capture_output=True, check=False
        ).stdout
        + dirty.encode()
    ).hexdigest()[:8]
    return f"{head} with uncommitted changes in {', '.join(paths)} (diff {digest})"


def _machine() -> dict[str, str]:
    cpu = "unknown"
    mem = "unknown"
    try:
        match = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.MULTILINE)
        cpu = match.group(1).strip() if match else platform.processor() or "unknown"
        total = re.search(r"^MemTotal:\s*(\d+) kB", Path("/proc/meminfo").read_text(), re.MULTILINE)
        mem = f"{int(total.group(1)) / 1024 / 1024:.1f} GiB" if total else "unknown"
    except OSError:
        pass
    try:
        load = " / ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        load = "unknown"
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "memory": mem,
        "os": platform.platform(),
        "load": load,
    }


@dataclass
class Target:
    """One target (issues 8 and 17): its value on wall-clock medians, CPU-time medians and the fastest runs."""

    name: str
    limit: float
    unit: str
    wall: float | None
    cpu: float | None = None
    note: str = ""
    fastest: float | None = None

    def shown(self, value: float | None) -> str:
        """The value with its unit, or a dash."""
        if value is None:
            return self.note or "not measured"
        return f"{value:.1f} KB" if self.unit == " KB" else f"{value:.2f}x"

    @staticmethod
    def verdict(value: float | None, limit: float) -> str:
        """PASS, FAIL or n/a."""
        return "n/a" if value is None else ("**PASS**" if value <= limit else "**FAIL**")

    def row(self) -> str:
        """The Markdown table row; the result is PASS only if medians and fastest runs both pass."""
        cpu = self.shown(self.cpu) if self.cpu is not None else "–"
        fastest = self.shown(self.fastest) if self.fastest is not None else "–"
        wall_verdict = "**FAIL**" if self.note and self.wall is None else self.verdict(self.wall, self.limit)
        verdicts = [wall_verdict]
        if self.fastest is not None:
            verdicts.append(self.verdict(self.fastest, self.limit))
        result = "**PASS**" if all(v == "**PASS**" for v in verdicts) else "**FAIL**"
        if self.wall is None and not self.note:
            result = "n/a"
        return f"| {self.name} | {self.shown(self.wall)} | {fastest} | {cpu} | <= {self.limit:g}{self.unit} | {result} |"


def evaluate(results: dict[int, SizeResult], serve_n: int) -> list[Target]:
    """The targets of issues 8 and 17 against the medians."""
    targets: list[Target] = []

    def med(n: int, label: str, cpu: bool = False) -> float | None:
        if n not in results:
            return None
        series = results[n].series[label]
        return series.cpu_median if cpu else series.median

    def fastest(n: int, label: str) -> float | None:
        return results[n].series[label].fastest if n in results else None

    def pair(name: str, limit: float, a: tuple[int, str], b: tuple[int, str]) -> None:
        wall = _ratio(med(*a), med(*b))
        cpu = _ratio(med(*a, cpu=True), med(*b, cpu=True))
        targets.append(Target(name, limit, "x", wall, cpu, fastest=_ratio(fastest(*a), fastest(*b))))

    pair("masa check / floor at N=3,000", 1.5, (3000, CHECK), (3000, CHECK_FLOOR))
    for n in sorted(results):
        pair(f"mkdocs build / plain pages at N={n:,}", 2.0, (n, BUILD), (n, PLAIN))
    for n in sorted(results):
        if not results[n].series[BLOG].skipped:
            pair(f"mkdocs build / blog plugin at N={n:,}", 0.5, (n, BUILD), (n, BLOG))
    for n in sorted(results):
        pair(f"Zensical: masa build / plain pages at N={n:,}", 1.5, (n, ZBUILD), (n, ZPLAIN))
    # Linear: three times the campaigns take at most 3.3 times as long (10 % for noise).
    pair("mkdocs build N=3,000 / N=1,000", 3.3, (3000, BUILD), (1000, BUILD))
    pair("Zensical build N=3,000 / N=1,000", 3.3, (3000, ZBUILD), (1000, ZBUILD))
    per = None
    if 3000 in results and BUILD in results[3000].site_bytes:
        per = results[3000].site_bytes[BUILD] / 3000 / 1000
    targets.append(Target("output size per campaign at N=3,000", 45, " KB", per))
    serve = results[serve_n].serve if serve_n in results else None
    latency = statistics.median(serve.latencies) if serve and serve.latencies else None
    cpu = statistics.median(serve.cpu) if serve and serve.cpu else None
    note = "no reload seen" if serve and latency is None else ""
    targets.append(
        Target(
            f"serve reload / full build at N={serve_n:,}",
            0.15,
            "x",
            _ratio(latency, med(serve_n, BUILD)),
            _ratio(cpu, med(serve_n, BUILD, cpu=True)),
            note=note,
            fastest=_ratio(min(serve.latencies), fastest(serve_n, BUILD))
            if serve and serve.latencies
            else None,
        )
    )
    return targets


def report(
    results: dict[int, SizeResult], *, argv: Sequence[str], serve_n: int, code_at_start: str = ""
) -> str:
    """The Markdown report."""
    machine = _machine()
    code = code_state()
    if code_at_start.startswith("snapshot of "):
        code = f"{code_at_start}, copied at the start of the run"
    elif code_at_start and code_at_start != code:
        code = f"**changed during the run**: {code_at_start} at the start, {code} at the end"
    versions = _versions()
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    memory_tool = "GNU time (`/usr/bin/time -v`)" if GNU_TIME.exists() else "`os.wait4` rusage"
    lines = [
        "# Benchmark results",
        "",
        f"Written by `bench/run.py` on {now}. Command: `python bench/run.py {' '.join(argv)}`.",
        "Medians over the runs, spread as min–max; ratios are ratios of medians, on wall-clock",
        "time (the figure the targets name) and on CPU time (user + system), and for the targets",
        "also ratios of the fastest runs. The wall/CPU column is about 1.0 for these single-threaded",
        "processes on an idle machine; well above 1.0, other load distorted the wall-clock figures.",
        "See [README.md](README.md) for what each figure means.",
        "",
        "| machine | |",
        "|---|---|",
        f"| CPUs (nproc) | {machine['nproc']} |",
        f"| CPU model | {machine['cpu']} |",
        f"| memory | {machine['memory']} |",
        f"| OS | {machine['os']} |",
        f"| load average at the end (1/5/15 min) | {machine['load']} |",
        f"| Python | {versions.get('Python', '?')} |",
        f"| MkDocs | {versions.get('mkdocs', '?')} |",
        f"| Material for MkDocs | {versions.get('mkdocs-material', '?')} |",
        f"| Zensical | {versions.get('zensical', '?')} |",
        f"| Python-Markdown | {versions.get('Markdown', '?')} |",
        f"| Jinja2 | {versions.get('Jinja2', '?')} |",
        f"| PyYAML | {versions.get('PyYAML', '?')} (libyaml: {versions.get('libyaml', '?')}) |",
        f"| pydantic | {versions.get('pydantic', '?')} |",
        f"| masa-playbook | {versions.get('masa-playbook', '?')} |",
        f"| code measured | {code} |",
        f"| peak memory from | {memory_tool} |",
        "",
        "## Time and peak memory",
        "",
        "| N | measurement | wall median | wall spread | CPU median | CPU spread | wall/CPU | runs "
        "| peak RSS | ratio (wall / CPU) |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for n, res in sorted(results.items()):
        for label in LABELS:
            s = res.series[label]
            if s.skipped:
                lines.append(f"| {n:,} | {label} | {s.skipped} | | | | | | | |")
                continue
            ratio = ""
            if label == CHECK:
                floor = res.series[CHECK_FLOOR]
                wall, cpu = _ratio(s.median, floor.median), _ratio(s.cpu_median, floor.cpu_median)
                ratio = f"{_x(wall)} / {_x(cpu)} floor"
            elif label == BUILD:
                plain, blog = res.series[PLAIN], res.series[BLOG]
                ratio = (
                    f"{_x(_ratio(s.median, plain.median))} / {_x(_ratio(s.cpu_median, plain.cpu_median))} "
                    f"plain; {_x(_ratio(s.median, blog.median))} / "
                    f"{_x(_ratio(s.cpu_median, blog.cpu_median))} blog"
                )
            elif label == ZBUILD:
                plain, unchecked = res.series[ZPLAIN], res.series[ZPLAIN_NOCHECK]
                wall, cpu = _ratio(s.median, plain.median), _ratio(s.cpu_median, plain.cpu_median)
                ratio = (
                    f"{_x(wall)} / {_x(cpu)} Zensical plain; "
                    f"{_x(_ratio(s.median, unchecked.median))} / "
                    f"{_x(_ratio(s.cpu_median, unchecked.cpu_median))} without its link check"
                )
            peak = "–" if s.peak_mb is None else f"{s.peak_mb:.0f} MB"
            failed = f" ({s.failed} failed)" if s.failed else ""
            lines.append(
                f"| {n:,} | {label} | {_fmt_s(s.median)} | {_spread(s.times)} | {_fmt_s(s.cpu_median)} "
                f"| {_spread(s.cpu_times)} | {_contention(s)} | {len(s.samples)}{failed} | {peak} | {ratio} |"
            )
    lines += [
        "",
        "## Output size",
        "",
        "| N | site | site total | per campaign | search_index.json | per campaign |",
        "|---:|---|---:|---:|---:|---:|",
    ]
    for n, res in sorted(results.items()):
        if not res.site_bytes:
            lines.append(f"| {n:,} | – | not built | | | |")
        for label, total in res.site_bytes.items():
            index = res.index_bytes.get(label)
            lines.append(
                f"| {n:,} | {label} | {_mb(total)} | {_kb(total / n)} | {_mb(index)} "
                f"| {_kb(index / n if index else None)} |"
            )
    serve_rows = [(n, r.serve) for n, r in sorted(results.items()) if r.serve is not None]
    if serve_rows:
        lines += [
            "",
            "## mkdocs serve: from saving a plan to the reloaded page",
            "",
            "| N | first build served | reload wall median | wall spread | reload CPU median | CPU spread "
            "| reloads | timeouts | full build wall / CPU (median) | ratio (wall / CPU) |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        for n, sr in serve_rows:
            assert sr is not None
            lat, reload_cpu = sr.latencies, sr.cpu
            med = statistics.median(lat) if lat else None
            cpu_med = statistics.median(reload_cpu) if reload_cpu else None
            build = results[n].series[BUILD]
            note = f" ({sr.error})" if sr.error else ""
            lines.append(
                f"| {n:,} | {_fmt_s(sr.first_build)} | {_fmt_s(med)} | {_spread(lat)} | {_fmt_s(cpu_med)} "
                f"| {_spread(reload_cpu)} | {len(lat)} | {sr.timeouts}{note} "
                f"| {_fmt_s(build.median)} / {_fmt_s(build.cpu_median)} "
                f"| {_x(_ratio(med, build.median))} / {_x(_ratio(cpu_med, build.cpu_median))} |"
            )
    lines += [
        "",
        "## Targets (issues 8 and 17)",
        "",
        "A target is met only if both the ratio of the medians and the ratio of the fastest runs",
        "are within its limit. On a shared machine other load comes in bursts that slow a run by up",
        "to a third, and a burst during one side's runs moves the ratio of medians either way; each",
        "figure's fastest run is the best estimate of its cost without that load.",
        "",
        "| target | medians (wall) | fastest runs (wall) | medians (CPU) | limit | result |",
        "|---|---:|---:|---:|---:|---|",
    ]
    lines += [t.row() for t in evaluate(results, serve_n)]
    gen = ", ".join(f"N={n:,}: {r.generate_seconds:.1f} s" for n, r in sorted(results.items()))
    lines += ["", f"Generating the corpora took {gen} (not part of any figure).", ""]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(description="Benchmark masa check and the site build at scale.")
    parser.add_argument("--sizes", help="comma-separated numbers of campaigns (300,1000,3000)")
    parser.add_argument("--runs", help="runs per figure, or one per size: 3 or 3,3,2 (3)")
    parser.add_argument("--quick", action="store_true", help="tiny run: N=20, 1 run, no serve")
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md", help="report file")
    parser.add_argument(
        "--workdir", type=Path, help="corpora and sites (bench/out; a temporary folder with --quick)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-build", action="store_true", help="measure masa check only")
    parser.add_argument("--no-zensical", action="store_true", help="leave out the Zensical builds")
    parser.add_argument(
        "--blog-max", type=int, default=0, help="build the blog floor only up to this N (0: at every size)"
    )
    parser.add_argument("--serve-size", type=int, default=1000, help="N to measure mkdocs serve at")
    parser.add_argument("--serve-repeats", type=int, default=3, help="reloads to time (0: no serve)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder of --quick")
    parser.add_argument(
        "--adversarial",
        action="store_true",
        help="also time masa check on the tests' hostile inputs (bench/adversarial.py; small with --quick)",
    )
    parser.add_argument(
        "--no-snapshot",
        action="store_true",
        help="measure the live source tree instead of a copy taken at the start",
    )
    ns = parser.parse_args(argv)
    sizes = [int(s) for s in (ns.sizes or ("20" if ns.quick else "300,1000,3000")).split(",")]
    runs_given = [int(r) for r in (ns.runs or ("1" if ns.quick else "3")).split(",")]
    if len(runs_given) not in (1, len(sizes)):
        parser.error("--runs takes one number or one per size")
    runs = runs_given * len(sizes) if len(runs_given) == 1 else runs_given
    temporary = ns.workdir is None and ns.quick
    workdir: Path = (
        Path(tempfile.mkdtemp(prefix="masa-bench-")) if temporary else (ns.workdir or HERE / "out")
    )
    workdir.mkdir(parents=True, exist_ok=True)
    results: dict[int, SizeResult] = {}
    code_at_start = code_state()
    site_from = None if ns.no_snapshot else snapshot_code(workdir / "code")
    if site_from is not None:
        code_at_start = f"snapshot of {code_at_start}"
    # The adversarial section is written by bench/adversarial.py: a rewrite keeps it.
    kept = adversarial.section_of(ns.output.read_text(encoding="utf-8")) if ns.output.is_file() else None
    for n, r in zip(sizes, runs, strict=True):
        repeats = 0 if ns.quick or n != ns.serve_size else ns.serve_repeats
        results[n] = run_size(
            n,
            runs=r,
            workdir=workdir,
            seed=ns.seed,
            build=not ns.no_build,
            serve_repeats=repeats,
            site_from=site_from,
            zensical=not ns.no_zensical,
            blog_max=ns.blog_max,
        )
        # Write as we go, so a long run leaves a partial report behind.
        text = report(results, argv=argv, serve_n=ns.serve_size, code_at_start=code_at_start)
        ns.output.write_text(adversarial.with_section(text, kept), encoding="utf-8")
    if ns.adversarial:
        adversarial.update_results(ns.output, scale=0.02 if ns.quick else 1.0, runs=1 if ns.quick else 3)
    _say(f"wrote {ns.output}")
    if temporary and not ns.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    failed = any(s.failed for res in results.values() for s in res.series.values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
