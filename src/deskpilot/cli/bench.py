"""`deskpilot bench NAME`: run a benchmark from the project's bench/ folder."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import typer

from deskpilot.cli.common import err_console, print_json


def bench_dirs() -> list[Path]:
    """Where benchmarks are looked for: $DESKPILOT_BENCH_DIR, ./bench, the source checkout's bench/."""
    dirs = []
    if os.environ.get("DESKPILOT_BENCH_DIR"):
        dirs.append(Path(os.environ["DESKPILOT_BENCH_DIR"]))
    dirs.append(Path.cwd() / "bench")
    dirs.append(Path(__file__).resolve().parents[3] / "bench")
    return [d for d in dirs if d.is_dir()]


def available() -> dict[str, Path]:
    """Benchmark name → file."""
    found: dict[str, Path] = {}
    for folder in bench_dirs():
        for file in sorted(folder.glob("*.py")):
            if not file.name.startswith("_"):
                found.setdefault(file.stem, file)
    return found


def load_benchmark(name: str) -> ModuleType:
    """Import the benchmark module `bench/NAME.py` (also used by the benchmarks' own tests)."""
    benches = available()
    if name not in benches:
        raise LookupError(f"no benchmark {name!r} in {', '.join(map(str, bench_dirs())) or 'any bench/ folder'}")
    return _load(benches[name])


def _load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"deskpilot_bench_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses and pickling look modules up by name
    spec.loader.exec_module(module)
    return module


def bench(ctx: typer.Context,
          name: str = typer.Argument(..., help="benchmark name (file in bench/); 'list' shows them"),
          json_out: bool = typer.Option(False, "--json", help="print the figures as JSON")) -> None:
    """Run a benchmark and print its figures; extra options go to it (`deskpilot bench NAME -h` lists them)."""
    benches = available()
    if name == "list":
        for key, path in benches.items():
            doc = (_load(path).__doc__ or "").strip().splitlines()
            err_console.print(f"{key:12s} {doc[0] if doc else ''}")
        return
    if name not in benches:
        err_console.print(f"No benchmark {name!r}. Available: {', '.join(benches) or 'none (no bench/ folder found)'}")
        raise typer.Exit(2)
    module = _load(benches[name])
    result = module.main(list(ctx.args), json_out=json_out)
    if json_out:
        print_json(result)
