"""Time ropkit against DuckDB on a year of a 50-manager team's exports, and check they agree.

    python benchmarks/run.py                 # 3 interleaved rounds after 1 warm-up round
    python benchmarks/run.py --repeat 5 --data /tmp/bench

Each measurement runs in a fresh wrapper process that starts the tool, waits for it and
reports the wall time and its own ``RUSAGE_CHILDREN`` peak RSS, so every figure is the peak
of exactly one run (``ru_maxrss`` of children is a maximum over all children ever waited
for, so it cannot be measured as a delta inside one long-lived process).

The tools, each a whole process from start-up to exit:

* ropkit: ``ropkit report -c DATA/norms.yaml --period year --date YEAR-12-31 --format json``;
* DuckDB (the reference): a ``python -c`` script that reads the same two files with
  ``read_csv`` and computes the same facts. The installed DuckDB reads only UTF-8, UTF-16
  and latin-1 (other encodings need the ``encodings`` extension, which is downloaded at run
  time and is not used here), so the windows-1251 activities file is first transcoded to a
  temporary UTF-8 file in Python; that cost is included;
* DuckDB reading the windows-1251 bytes as latin-1 (no transcoding; names are compared in
  their latin-1 spelling and converted back at the end): a lower bound for DuckDB with
  native cp1251 support.

Facts compared per manager: done outgoing calls and done meetings dated in the year (by
«Начало»), and revenue and count of won deals («Сделка успешна») closed in the year (by
«Предполагаемая дата закрытия»).
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
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

HERE = Path(__file__).resolve().parent
FACTS = ("calls_out", "meetings", "revenue", "deals_won")

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

# argv: mode (transcode | latin1), activities.csv, deals.csv, year. Prints JSON facts.
DUCKDB_SCRIPT = """
import json, os, sys, tempfile
import duckdb

mode, acts, deals, year = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
tmp = None
if mode == "transcode":
    fd, tmp = tempfile.mkstemp(suffix=".csv")
    with open(acts, "rb") as src, os.fdopen(fd, "wb") as dst:
        while chunk := src.read(1 << 24):  # cp1251 is one byte a character: any cut is safe
            dst.write(chunk.decode("cp1251").encode("utf-8"))
    acts, encoding = tmp, "utf-8"
    def t(s):
        return s
else:
    encoding = "latin-1"
    def t(s):
        return s.encode("cp1251").decode("latin-1")

def lit(s):
    return "'" + s.replace("'", "''") + "'"

def col(s):
    return '"' + s.replace('"', '""') + '"'

start, end = f"{year}-01-01", f"{year + 1}-01-01"
try:
    acts_sql = f'''
        SELECT {col(t("Ответственный"))} AS manager,
               count(*) FILTER (WHERE {col(t("Тип"))} = {lit(t("Звонок (исходящий)"))}),
               count(*) FILTER (WHERE {col(t("Тип"))} = {lit(t("Встреча"))})
        FROM read_csv({lit(acts)}, delim=';', quote='"', header=true, encoding={lit(encoding)},
                      types={{{lit(t("Начало"))}: 'TIMESTAMP'}},
                      timestampformat='%d.%m.%Y %H:%M:%S')
        WHERE coalesce({col(t("Статус"))}, '') <> {lit(t("Не выполнено"))}
          AND {col(t("Начало"))} >= TIMESTAMP '{start}' AND {col(t("Начало"))} < TIMESTAMP '{end}'
        GROUP BY 1'''
    deals_sql = f'''
        SELECT "Ответственный", sum("Сумма"), count(*)
        FROM read_csv({lit(deals)}, delim=';', quote='"', header=true,
                      types={{'Сумма': 'DECIMAL(18,2)', 'Предполагаемая дата закрытия': 'DATE'}},
                      dateformat='%d.%m.%Y', timestampformat='%d.%m.%Y %H:%M:%S')
        WHERE "Стадия сделки" = 'Сделка успешна'
          AND "Предполагаемая дата закрытия" >= DATE '{start}'
          AND "Предполагаемая дата закрытия" < DATE '{end}'
        GROUP BY 1'''
    con = duckdb.connect()
    facts = {}
    for name, calls, meetings in con.sql(acts_sql).fetchall():
        name = name.encode("latin-1").decode("cp1251") if mode == "latin1" else name
        facts.setdefault(name, {}).update(calls_out=calls, meetings=meetings)
    for name, revenue, won in con.sql(deals_sql).fetchall():
        facts.setdefault(name, {}).update(revenue=float(revenue), deals_won=won)
finally:
    if tmp:
        os.unlink(tmp)
json.dump(facts, sys.stdout, ensure_ascii=False)
"""


@dataclass
class Tool:
    name: str
    argv: list[str]
    reference: bool = False
    walls: list[float] = field(default_factory=list)
    peaks_kib: list[int] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    output: bytes = b""


def measure(tool: Tool, out_file: Path, record: bool) -> float:
    """One run of ``tool`` in a fresh wrapper process: wall time, peak RSS and output."""
    proc = subprocess.run(
        [sys.executable, "-c", WRAPPER, str(out_file), *tool.argv],
        stdout=subprocess.PIPE,
        check=True,
    )
    result = json.loads(proc.stdout)
    if result["rc"] != 0:
        raise SystemExit(f"{tool.name} failed (exit code {result['rc']}): {' '.join(tool.argv)}")
    if record:
        tool.walls.append(result["wall"])
        tool.peaks_kib.append(result["maxrss_kib"])
        tool.cpus.append(result["cpu"])
    tool.output = out_file.read_bytes()
    return float(result["wall"])


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=HERE / "data", help="data folder")
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds (default 3)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed rounds first (default 1)")
    parser.add_argument("--year", type=int, default=2026, help="the year of the data")
    args = parser.parse_args(argv)
    data: Path = args.data.resolve()
    acts, deals, config = data / "activities.csv", data / "deals.csv", data / "norms.yaml"

    if not all(p.is_file() for p in (acts, deals, config)):
        print(f"generating the data in {data} …", file=sys.stderr)
        generate = [sys.executable, str(HERE / "generate.py"), "--out", str(data)]
        subprocess.run([*generate, "--year", str(args.year)], check=True)

    ropkit = shutil.which("ropkit")
    ropkit_cmd = [ropkit] if ropkit else [sys.executable, "-m", "ropkit"]
    report_args = ["report", "-c", str(config), "--period", "year"]
    report_args += ["--date", f"{args.year}-12-31", "--format", "json"]
    duck = [sys.executable, "-c", DUCKDB_SCRIPT]
    year = str(args.year)
    tools = [
        Tool("ropkit report (year, JSON)", ropkit_cmd + report_args),
        Tool(
            "DuckDB: cp1251→UTF-8 in Python, then read_csv",
            [*duck, "transcode", str(acts), str(deals), year],
            reference=True,
        ),
        Tool(
            "DuckDB: read_csv as latin-1, no transcoding (lower bound)",
            [*duck, "latin1", str(acts), str(deals), year],
        ),
    ]

    with tempfile.TemporaryDirectory() as tmp:
        for round_no in range(args.warmup + args.repeat):
            timed = round_no >= args.warmup
            for i, tool in enumerate(tools):
                wall = measure(tool, Path(tmp) / f"out{i}", record=timed)
                kind = f"round {round_no - args.warmup + 1}" if timed else "warm-up"
                print(f"  {kind}: {tool.name}: {wall:.2f} s", file=sys.stderr)

    ref = next(t for t in tools if t.reference)
    ref_wall = statistics.median(ref.walls)
    n = args.repeat
    sizes = ", ".join(f"{p.name} {p.stat().st_size / 2**20:.0f} MiB" for p in (acts, deals))
    print(
        f"Data: {sizes}. Python {platform.python_version()}, {os.cpu_count()} CPUs; "
        f"ropkit {package_version('ropkit')}, pandas {package_version('pandas')}, "
        f"pyarrow {package_version('pyarrow')}, duckdb {package_version('duckdb')}.\n"
    )
    print(f"| tool | seconds (median of {n}) | peak memory MiB | × DuckDB |")
    print("|---|---:|---:|---:|")
    for tool in tools:
        wall = statistics.median(tool.walls)
        peak = max(tool.peaks_kib) / 1024
        print(f"| {tool.name} | {wall:.2f} | {peak:.0f} | {wall / ref_wall:.2f} |")
    print(
        "\nseconds: wall time of the whole process (start-up included); peak memory: the "
        f"largest peak RSS of the {n} runs; CPU seconds (median): "
        + ", ".join(f"{t.name.split(':')[0]} {statistics.median(t.cpus):.1f}" for t in tools[:2])
    )

    ours = ropkit_facts(tools[0].output)
    problems = []
    for tool in tools[1:]:
        problems += compare(ours, json.loads(tool.output), tool.name.split(",")[0])
    if problems:
        print(f"\nfacts DIFFER ({len(problems)}):")
        print("\n".join(f"- {p}" for p in problems[:20]))
        return 1
    total = {f: sum(m.get(f, 0) for m in ours.values()) for f in FACTS}
    print(
        f"\nfacts agree: {len(ours)} managers × {', '.join(FACTS)} "
        f"(team: {total['calls_out']:,.0f} calls, {total['meetings']:,.0f} meetings, "
        f"{total['deals_won']:,.0f} deals won, {total['revenue']:,.2f} ₽)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
