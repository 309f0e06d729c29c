"""`make bench`: run every benchmark and print its figures.

Each module in BENCHMARKS exposes `run() -> dict`; figures named in an issue as a ratio are
computed against a baseline measured in the same run. Record results in docs/benchmarks.md.
"""

import importlib
import json
import sys

BENCHMARKS = [
    "bench.scoring",
    "bench.pages",
    "bench.load",
    "bench.journey",
    "bench.pdf",
    "bench.scale",
    "bench.outreach",
    "bench.gateway",
]


def main(names: list[str]) -> int:
    for name in names or BENCHMARKS:
        module = importlib.import_module(name)
        print(f"== {name}: {module.__doc__.strip().splitlines()[0] if module.__doc__ else ''}")
        figures = module.run()
        print(json.dumps(figures, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
