"""Time ropkit against DuckDB on a year of a 50-manager team's exports, and check they agree.

    python benchmarks/run.py                 # both shapes, 3 interleaved rounds after 1 warm-up
    python benchmarks/run.py --repeat 5 --shapes plain --data /tmp/bench
    python benchmarks/run.py --scale 1000000,10000000 --repeat 1    # linear scaling

Two shapes of the same exports (see ``generate.py``), each in its own folder ``DATA/SHAPE``,
generated on first use: ``quoted`` (Bitrix24's quoted export, UTF-8 deals) and ``plain``
(unquoted windows-1251, 7 activity columns, «57 298,11» amounts).

Each measurement runs in a fresh wrapper process that starts the tool, waits for it and
reports the wall time and its own ``RUSAGE_CHILDREN`` peak RSS, so every figure is the peak
of exactly one run (``ru_maxrss`` of children is a maximum over all children ever waited
for, so it cannot be measured as a delta inside one long-lived process).

The tools, each a whole process from start-up to exit:

* ropkit: ``ropkit report -c DATA/SHAPE/norms.yaml --period year --date YEAR-12-31 -f json``,
  twice in a row on unchanged files: *cold* with an empty cache folder (``XDG_CACHE_HOME``,
  where platformdirs puts the user's cache, and ``ROPKIT_CACHE_DIR`` in a fresh folder),
  then *warm* with the cache the first run left (without a parse cache the warm run is just
  a second run);
* DuckDB (the reference): a ``python -c`` script that reads the same two files with
  ``read_csv`` (DuckDB reads only the columns the query uses) and computes the same facts.
  The installed DuckDB reads only UTF-8, UTF-16 and latin-1 (other encodings need the
  ``encodings`` extension, which is downloaded at run time and is not used here), so every
  windows-1251 file is first transcoded to a temporary UTF-8 file in Python; that cost is
  included;
* DuckDB reading the windows-1251 bytes as latin-1 (no transcoding; names are compared in
  their latin-1 spelling and converted back at the end): a lower bound for DuckDB with
  native cp1251 support.

"Cold" and "warm" are about ropkit's parse cache, not the OS: the warm-up rounds put every
file in the page cache first, for every tool.

Facts compared per manager, for ropkit's cold and warm runs against both DuckDB variants:
done outgoing calls and done meetings dated in the year (by «Начало»), and revenue and count
of won deals («Сделка успешна») closed in the year (by «Предполагаемая дата закрытия»).

``--scale ROWS,ROWS,…`` measures instead how ropkit's first run grows with the activity file
(plain shape by default, 100k deals throughout; data in ``DATA/scale/SHAPE-ROWS``), with
DuckDB on the same files for reference.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

HERE = Path(__file__).resolve().parent
FACTS = ("calls_out", "meetings", "revenue", "deals_won")
SHAPES = ("quoted", "plain")
# shape -> (activities encoding, deals encoding), as generate.py writes them
ENCODINGS = {"quoted": ("cp1251", "utf-8"), "plain": ("cp1251", "cp1251")}

# Runs argv[2:] with stdout to the file argv[1]; prints wall seconds and the child's peak RSS.
WRAPPER = """
import json, resource, subprocess, sys, time
with open(sys.argv[1], "wb") as out:
    t = time.perf_counter()
    rc = subprocess.run(sys.argv[2:], stdout=out).returncode
    wall = time.perf_counter() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": rc, "wall": wall, "maxrss_kib": ru.ru_maxrss,
                  "cpu": ru.ru_utime + ru.ru_stime}))
"""

# argv: mode (transcode | latin1), activities.csv, its encoding, deals.csv, its encoding,
# year. Prints JSON facts. A windows-1251 file is transcoded to a temporary UTF-8 file
# (transcode) or read as latin-1 (latin1). «Сумма» is read as text and cleaned (no-break
# spaces and spaces dropped, a decimal comma made a dot): that takes 33816.50 and 57 298,11.
DUCKDB_SCRIPT = r"""
import json, os, sys, tempfile
import duckdb

mode, acts, acts_enc, deals, deals_enc = sys.argv[1:6]
year = int(sys.argv[6])
temporary = []

def same(s):
    return s

def as_latin1(s):
    return s.encode("cp1251").decode("latin-1")

def prepare(path, encoding):
    # -> (file to read, its encoding for DuckDB, how a Cyrillic literal is spelled in it)
    if encoding == "utf-8":
        return path, "utf-8", same
    if mode == "latin1":
        return path, "latin-1", as_latin1
    fd, tmp = tempfile.mkstemp(suffix=".csv")
    temporary.append(tmp)
    with open(path, "rb") as src, os.fdopen(fd, "wb") as dst:
        while chunk := src.read(1 << 24):  # cp1251 is one byte a character: any cut is safe
            dst.write(chunk.decode("cp1251").encode("utf-8"))
    return tmp, "utf-8", same

def lit(s):
    return "'" + s.replace("'", "''") + "'"

def col(s):
    return '"' + s.replace('"', '""') + '"'

start, end = f"{year}-01-01", f"{year + 1}-01-01"
try:
    acts, a_enc, a = prepare(acts, acts_enc)
    deals, d_enc, d = prepare(deals, deals_enc)
    at = col(a("Начало"))
    acts_sql = f'''
        SELECT {col(a("Ответственный"))} AS manager,
               count(*) FILTER (WHERE {col(a("Тип"))} = {lit(a("Звонок (исходящий)"))}),
               count(*) FILTER (WHERE {col(a("Тип"))} = {lit(a("Встреча"))})
        FROM read_csv({lit(acts)}, delim=';', quote='"', header=true, encoding={lit(a_enc)},
                      types={{{lit(a("Начало"))}: 'TIMESTAMP'}},
                      timestampformat='%d.%m.%Y %H:%M:%S')
        WHERE coalesce({col(a("Статус"))}, '') <> {lit(a("Не выполнено"))}
          AND {at} >= TIMESTAMP '{start}' AND {at} < TIMESTAMP '{end}'
        GROUP BY 1'''
    text = col(d("Сумма"))
    amount = f"replace(replace(replace({text}, chr(160), ''), ' ', ''), ',', '.')"
    closed = col(d("Предполагаемая дата закрытия"))
    types = f"{lit(d('Сумма'))}: 'VARCHAR', {lit(d('Предполагаемая дата закрытия'))}: 'DATE'"
    deals_sql = f'''
        SELECT {col(d("Ответственный"))}, sum(CAST({amount} AS DECIMAL(18,2))), count(*)
        FROM read_csv({lit(deals)}, delim=';', quote='"', header=true, encoding={lit(d_enc)},
                      types={{{types}}},
                      dateformat='%d.%m.%Y', timestampformat='%d.%m.%Y %H:%M:%S')
        WHERE {col(d("Стадия сделки"))} = {lit(d("Сделка успешна"))}
          AND {closed} >= DATE '{start}' AND {closed} < DATE '{end}'
        GROUP BY 1'''
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")  # it would go to stdout
    facts = {}
    for name, calls, meetings in con.sql(acts_sql).fetchall():
        name = name.encode("latin-1").decode("cp1251") if a is as_latin1 else name
        facts.setdefault(name, {}).update(calls_out=calls, meetings=meetings)
    for name, revenue, won in con.sql(deals_sql).fetchall():
        name = name.encode("latin-1").decode("cp1251") if d is as_latin1 else name
        facts.setdefault(name, {}).update(revenue=float(revenue), deals_won=won)
finally:
    for tmp in temporary:
        os.unlink(tmp)
json.dump(facts, sys.stdout, ensure_ascii=False)
"""


@dataclass
class Runs:
    """The recorded runs of one command."""

    walls: list[float] = field(default_factory=list)
    peaks_kib: list[int] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    output: bytes = b""

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)

    @property
    def peak_mib(self) -> float:
        return max(self.peaks_kib) / 1024


@dataclass
class Tool:
    name: str
    shape: str
    argv: list[str]
    reference: bool = False
    # ropkit: a cache folder, emptied before each cold run and kept for the warm one
    cache: Path | None = None
    cold: Runs = field(default_factory=Runs)
    warm: Runs = field(default_factory=Runs)  # the same command again: the output memo
    parsed: Runs = field(default_factory=Runs)  # again with the memo off: the parse cache


def measure(argv: list[str], out_file: Path, runs: Runs, record: bool, env: dict | None) -> float:
    """One run of ``argv`` in a fresh wrapper process: wall time, peak RSS and output."""
    proc = subprocess.run(
        [sys.executable, "-c", WRAPPER, str(out_file), *argv],
        stdout=subprocess.PIPE,
        check=True,
        env=env,
    )
    result = json.loads(proc.stdout)
    if result["rc"] != 0:
        shown = " ".join("<script>" if "\n" in a else a for a in argv)
        raise SystemExit(f"failed (exit code {result['rc']}): {shown}")
    if record:
        runs.walls.append(result["wall"])
        runs.peaks_kib.append(result["maxrss_kib"])
        runs.cpus.append(result["cpu"])
    runs.output = out_file.read_bytes()
    return float(result["wall"])


def run_tool(tool: Tool, out_file: Path, record: bool) -> str:
    """Run ``tool`` once (ropkit: cold, warm, then warm with the output memo off: the parse
    cache alone); a line for the progress log."""
    if tool.cache is None:
        wall = measure(tool.argv, out_file, tool.cold, record, None)
        return f"{wall:.2f} s"
    shutil.rmtree(tool.cache, ignore_errors=True)
    tool.cache.mkdir(parents=True)
    # platformdirs' folder, and ropkit's own override of it (ROPKIT_CACHE_DIR), both fresh
    env = {**os.environ, "XDG_CACHE_HOME": str(tool.cache)}
    env["ROPKIT_CACHE_DIR"] = str(tool.cache / "ropkit")
    cold = measure(tool.argv, out_file, tool.cold, record, env)
    warm = measure(tool.argv, out_file.with_suffix(".warm"), tool.warm, record, env)
    env["ROPKIT_NO_MEMO"] = "1"
    parsed = measure(tool.argv, out_file.with_suffix(".parsed"), tool.parsed, record, env)
    return f"cold {cold:.2f} s, warm {warm:.2f} s, parse cache {parsed:.2f} s"


def ropkit_facts(output: bytes) -> dict[str, dict[str, float]]:
    report = json.loads(output)
    return {
        m["name"]: {f: m["metrics"][f]["fact"] for f in FACTS if f in m["metrics"]}
        for m in report["managers"]
    }


def compare(
    ours: dict[str, dict[str, float]], theirs: dict[str, dict[str, float]], label: str
) -> list[str]:
    """Differences between ropkit's facts and DuckDB's, one line each."""
    diffs = []
    for name in sorted(set(ours) | set(theirs)):
        for fact in FACTS:
            a = float(ours.get(name, {}).get(fact) or 0)
            b = float(theirs.get(name, {}).get(fact) or 0)
            tolerance = 0.011 if fact == "revenue" else 0  # ropkit rounds money to the kopeck
            if abs(a - b) > tolerance:
                diffs.append(f"{name}: {fact} ropkit {a:,.2f} vs {label} {b:,.2f}")
    return diffs


def package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def ensure_data(folder: Path, shape: str, year: int, rows: int | None = None) -> None:
    """Generate ``shape`` into ``folder`` unless its three files are there."""
    if all((folder / f).is_file() for f in ("activities.csv", "deals.csv", "norms.yaml")):
        return
    print(f"generating the {shape} data in {folder} …", file=sys.stderr)
    generate = [sys.executable, str(HERE / "generate.py"), "--shape", shape]
    generate += ["--out", str(folder), "--year", str(year)]
    if rows is not None:
        generate += ["--rows", str(rows)]
    subprocess.run(generate, check=True, stdout=sys.stderr)


def settled(folder: Path) -> None:
    """Wait until the folder's files were last changed over 2 s ago: ropkit's output memo
    keeps nothing made from a file changed within a clock tick (just generated ones)."""
    newest = max(f.stat().st_ctime for f in folder.iterdir())
    time.sleep(max(0.0, newest + 2.1 - time.time()))


def ropkit_argv(folder: Path, year: int) -> list[str]:
    ropkit = shutil.which("ropkit")
    cmd = [ropkit] if ropkit else [sys.executable, "-m", "ropkit"]
    cmd += ["report", "-c", str(folder / "norms.yaml"), "--period", "year"]
    return [*cmd, "--date", f"{year}-12-31", "--format", "json"]


def duckdb_argv(mode: str, folder: Path, shape: str, year: int) -> list[str]:
    acts_enc, deals_enc = ENCODINGS[shape]
    files = [str(folder / "activities.csv"), acts_enc, str(folder / "deals.csv"), deals_enc]
    return [sys.executable, "-c", DUCKDB_SCRIPT, mode, *files, str(year)]


def shape_tools(folder: Path, shape: str, year: int, cache: Path) -> list[Tool]:
    return [
        Tool("ropkit report (year, JSON)", shape, ropkit_argv(folder, year), cache=cache),
        Tool(
            "DuckDB: cp1251→UTF-8 in Python, then read_csv",
            shape,
            duckdb_argv("transcode", folder, shape, year),
            reference=True,
        ),
        Tool(
            "DuckDB: read_csv as latin-1, no transcoding (lower bound)",
            shape,
            duckdb_argv("latin1", folder, shape, year),
        ),
    ]


def rounds(tools: list[Tool], tmp: Path, warmup: int, repeat: int) -> None:
    """``warmup`` untimed rounds, then ``repeat`` timed ones, the tools interleaved."""
    for round_no in range(warmup + repeat):
        timed = round_no >= warmup
        for i, tool in enumerate(tools):
            line = run_tool(tool, tmp / f"out{i}", record=timed)
            kind = f"round {round_no - warmup + 1}" if timed else "warm-up"
            print(f"  {kind}: {tool.shape}: {tool.name}: {line}", file=sys.stderr)


def versions() -> str:
    return (
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs; "
        f"ropkit {package_version('ropkit')}, pandas {package_version('pandas')}, "
        f"pyarrow {package_version('pyarrow')}, duckdb {package_version('duckdb')}"
    )


def check_facts(tools: list[Tool]) -> list[str]:
    """Compare ropkit's cold and warm facts with every DuckDB variant, shape by shape."""
    problems = []
    for shape in dict.fromkeys(t.shape for t in tools):
        ours = [t for t in tools if t.shape == shape and t.cache is not None]
        theirs = [t for t in tools if t.shape == shape and t.cache is None]
        before = len(problems)
        every = (("cold", ours[0].cold), ("warm", ours[0].warm), ("parse cache", ours[0].parsed))
        for run_name, runs in every:
            facts = ropkit_facts(runs.output)
            for tool in theirs:
                label = f"{tool.name.split(',')[0]} ({shape}, ropkit {run_name})"
                problems += compare(facts, json.loads(tool.cold.output), label)
        facts = ropkit_facts(ours[0].cold.output)
        total = {f: sum(m.get(f, 0) for m in facts.values()) for f in FACTS}
        print(
            f"- {shape}: facts agree: {len(facts)} managers × {', '.join(FACTS)}, ropkit cold, "
            f"warm and parse cache vs both DuckDB variants (team: {total['calls_out']:,.0f} calls, "
            f"{total['meetings']:,.0f} meetings, {total['deals_won']:,.0f} deals won, "
            f"{total['revenue']:,.2f} ₽)"
            if len(problems) == before
            else f"- {shape}: facts DIFFER"
        )
    return problems


def compile_ropkit() -> None:
    """Byte-compile ropkit's modules, as ``pip install`` does: an editable install (or a
    PYTHONDONTWRITEBYTECODE environment) would otherwise compile them on every start."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("ropkit")
    if spec is not None and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            compileall.compile_dir(folder, quiet=1)


def bench(args: argparse.Namespace) -> int:
    data: Path = args.data.resolve()
    shapes = [s.strip() for s in args.shapes.split(",")]
    if unknown := set(shapes) - set(SHAPES):
        raise SystemExit(f"--shapes: unknown {', '.join(sorted(unknown))}")
    compile_ropkit()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        tools = []
        for shape in shapes:
            ensure_data(data / shape, shape, args.year)
            settled(data / shape)
            tools += shape_tools(data / shape, shape, args.year, tmp / f"cache-{shape}")
        rounds(tools, tmp, args.warmup, args.repeat)

    n = args.repeat
    print("Data:")
    for shape in shapes:
        sizes = ", ".join(
            f"{f} {(data / shape / f).stat().st_size / 2**20:.0f} MiB"
            for f in ("activities.csv", "deals.csv")
        )
        print(f"- {shape}: {sizes}")
    print(f"\n{versions()}.\n")
    print(
        f"| shape | tool | cold s (median of {n}) | warm s | parse cache s "
        "| peak MiB cold / warm / parse cache | × DuckDB cold | warm ÷ cold | parse cache ÷ cold |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for shape in shapes:
        ref = next(t for t in tools if t.shape == shape and t.reference).cold.wall
        for tool in (t for t in tools if t.shape == shape):
            cold = tool.cold.wall
            if tool.cache is not None:
                warm, parsed = tool.warm.wall, tool.parsed.wall
                peaks = (tool.cold.peak_mib, tool.warm.peak_mib, tool.parsed.peak_mib)
                cells = [
                    f"{warm:.2f}",
                    f"{parsed:.2f}",
                    " / ".join(f"{p:.0f}" for p in peaks),
                    f"{cold / ref:.2f}",
                    f"{warm / cold:.2f}",
                    f"{parsed / cold:.2f}",
                ]
            else:
                cells = ["—", "—", f"{tool.cold.peak_mib:.0f}", f"{cold / ref:.2f}", "—", "—"]
            print(f"| {shape} | {tool.name} | {cold:.2f} | {' | '.join(cells)} |")
    print(
        "\ncold: ropkit with an empty cache; warm: the same command again on unchanged files "
        "(the output memo writes what the first run wrote); parse cache: once more with the "
        "memo off (ROPKIT_NO_MEMO=1): the exports come from the parse cache and every figure "
        "is computed, as for another command or moment on the same files. Seconds: wall "
        "time of the whole process (start-up included); peak memory: the "
        f"largest peak RSS of the {n} runs. CPU seconds (median, cold): "
        + ", ".join(
            f"{t.shape} {t.name.split(':')[0].split(' (')[0]} {statistics.median(t.cold.cpus):.1f}"
            for t in tools
            if not t.name.startswith("DuckDB: read_csv as latin-1")
        )
        + "\n"
    )

    problems = check_facts(tools)
    if problems:
        print(f"\nfacts DIFFER ({len(problems)}):")
        print("\n".join(f"- {p}" for p in problems[:20]))
        return 1
    return 0


def scale(args: argparse.Namespace) -> int:
    """ropkit's first run (empty cache) on growing activity files, DuckDB alongside; the
    warm run (same files again) is shown too."""
    sizes = [int(float(r)) for r in args.scale.split(",")]
    compile_ropkit()
    shape = args.scale_shape
    data: Path = args.data.resolve() / "scale"
    results = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for rows in sizes:
            folder = data / f"{shape}-{rows}"
            ensure_data(folder, shape, args.year, rows)
            settled(folder)
            tools = shape_tools(folder, shape, args.year, tmp / "cache")[:2]
            for tool in tools:
                tool.shape = f"{shape} {rows:,}"
            rounds(tools, tmp, args.warmup, args.repeat)
            if problems := check_facts(tools):
                print("\n".join(f"- {p}" for p in problems[:20]))
                return 1
            mib = (folder / "activities.csv").stat().st_size / 2**20
            ours = tools[0]
            results.append((rows, mib, ours.cold, tools[1].cold, ours.warm, ours.parsed))

    n = args.repeat
    print(f"\n{versions()}. {shape} shape, 100k deals; ropkit's first run (empty cache).\n")
    print(
        f"| activity rows | activities MiB | ropkit s (median of {n}) | ropkit peak MiB "
        f"| × {sizes[0]:,} rows | DuckDB s | DuckDB peak MiB | × DuckDB | ropkit warm s "
        "| ropkit parse cache s / peak MiB |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    first = results[0][2].wall
    for rows, mib, ours, duck, warm, parsed in results:
        print(
            f"| {rows:,} | {mib:.0f} | {ours.wall:.2f} | {ours.peak_mib:.0f} | "
            f"{ours.wall / first:.2f} | {duck.wall:.2f} | {duck.peak_mib:.0f} | "
            f"{ours.wall / duck.wall:.2f} | {warm.wall:.2f} | "
            f"{parsed.wall:.2f} / {parsed.peak_mib:.0f} |"
        )
    (r0, _, a, *_), (r1, _, b, *_) = results[0], results[-1]
    per = (b.wall - a.wall) / (r1 - r0) * 1e6 if r1 != r0 else float("nan")
    print(
        f"\n{r1:,} ÷ {r0:,} rows: time × {b.wall / a.wall:.2f} for × {r1 / r0:.0f} rows; "
        f"each further million rows costs {per:.2f} s; peak memory × "
        f"{b.peak_mib / a.peak_mib:.2f}."
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, default=HERE / "data", help="data folder (one sub-folder a shape)"
    )
    parser.add_argument(
        "--shapes", default=",".join(SHAPES), help="comma-separated (default quoted,plain)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds (default 3)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed rounds first (default 1)")
    parser.add_argument("--year", type=int, default=2026, help="the year of the data")
    parser.add_argument(
        "--scale",
        metavar="ROWS,ROWS,…",
        help="measure scaling instead: ropkit's first run at these activity row counts",
    )
    parser.add_argument("--scale-shape", choices=SHAPES, default="plain")
    args = parser.parse_args(argv)
    return scale(args) if args.scale else bench(args)


if __name__ == "__main__":
    sys.exit(main())
