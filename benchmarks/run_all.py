"""Run every benchmark in benchmarks/ and merge what they measured into var/bench.json.

A benchmark is a script here that defines `main(json_path)` and accepts `--json PATH`. Each runs
in its own process (each configures Django its own way) and writes var/bench/<name>.json; their
keys go to the top level of var/bench.json, with one "machine" entry.

    .venv/bin/python benchmarks/run_all.py [--json var/bench.json]
"""

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# Every benchmark must fit in this; together they should stay within a few minutes.
TIMEOUT_SECONDS = 15 * 60


def benchmark_scripts() -> list[Path]:
    return [
        path
        for path in sorted(HERE.glob("*.py"))
        if path.name != Path(__file__).name
        and re.search(r"^def main\(\s*json_path", path.read_text(), re.MULTILINE)
    ]


def main(json_path: Path) -> int:
    merged: dict = {}
    failed = []
    for script in benchmark_scripts():
        output = ROOT / "var" / "bench" / f"{script.stem}.json"
        print(f"== {script.relative_to(ROOT)}", flush=True)
        try:
            subprocess.run(
                [sys.executable, str(script), "--json", str(output)],
                cwd=ROOT,
                check=True,
                timeout=TIMEOUT_SECONDS,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
            print(f"{script.name} failed: {error}", file=sys.stderr)
            failed.append(script.name)
            continue
        results = json.loads(output.read_text())
        merged.setdefault("machine", results.pop("machine", None))
        for key in results.keys() & merged.keys():
            print(f"{script.name}: key {key!r} also came from another benchmark", file=sys.stderr)
        merged.update(results)
        merged.setdefault("benchmarks", []).append(script.name)
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(merged, indent=2, ensure_ascii=False) + "\n")
    print(f"\nMerged into {json_path}" + (f"; failed: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, default=ROOT / "var" / "bench.json")
    sys.exit(main(parser.parse_args().json))
