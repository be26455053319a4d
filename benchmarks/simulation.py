"""Grammar simulation speed: skseq's make_grammar_sequences against seqgra, same definition.

Both simulate the same seqgra definition scaled to ``--n`` examples (sets in the definition's
proportions), writing nothing but the data: seqgra's ``Simulator.simulate_data`` (its text
files, in a Python 3.8 environment: ``python3.8 -m venv v && v/bin/pip install seqgra``, see
``../shared/data/seqgra/README.md``) runs in a subprocess that times itself after import;
skseq's runs in this process. The ratio is seqgra's time over skseq's (best of repeats).

With ``--all DIR``, every definition in DIR is loaded, checked, simulated (1,000 examples) and
its written XML validated against DIR/data-config.xsd (needs ``xmlschema``).

    python benchmarks/simulation.py --seqgra-python /path/to/v/bin/python
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from skseq.datasets._grammar_simulate import make_grammar_sequences  # noqa: E402
from skseq.datasets._grammar_xml import grammar_to_xml, load_grammar, write_grammar  # noqa: E402

try:
    from _report import write_section
except ImportError:  # run as a module
    from benchmarks._report import write_section

DEFAULT = ROOT / "tests" / "data" / "grammars" / "mc2-dna1000-homer-interaction-spacing-200k-s1.xml"

SEQGRA_SCRIPT = """
import logging, sys, time
logging.disable(logging.WARNING)
from seqgra import MiscHelper
from seqgra.parser import XMLDataDefinitionParser
from seqgra.simulator import Simulator
definition = XMLDataDefinitionParser(MiscHelper.read_config_file(sys.argv[1]), True)
simulator = Simulator(definition.get_data_definition(), sys.argv[2], True)
start = time.perf_counter()
simulator.simulate_data()
print(time.perf_counter() - start)
"""


def scaled(grammar, n):
    total = sum(ex.samples for s in grammar.sets.values() for ex in s)
    for examples in grammar.sets.values():
        for ex in examples:
            ex.samples = max(1, round(ex.samples * n / total))
    grammar.id = f"{grammar.id}-n{n}"
    return grammar


def time_seqgra(python, path, repeats):
    times = []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as out:
            run = subprocess.run(
                [python, "-c", SEQGRA_SCRIPT, str(path), out],
                capture_output=True,
                text=True,
                check=True,
            )
            times.append(float(run.stdout.strip().splitlines()[-1]))
    return min(times)


def time_skseq(grammar, repeats):
    times = []
    for seed in range(repeats):
        start = time.perf_counter()
        data = make_grammar_sequences(grammar, random_state=seed)
        times.append(time.perf_counter() - start)
    return min(times), data


def check_all(folder):
    import xmlschema

    schema = xmlschema.XMLSchema(str(Path(folder) / "data-config.xsd"))
    rows = []
    for path in sorted(Path(folder).glob("*.xml")):
        g = load_grammar(path)
        schema.validate(str(path))
        schema.validate(grammar_to_xml(g))
        assert load_grammar(grammar_to_xml(g)) == g
        start = time.perf_counter()
        data = make_grammar_sequences(g, n_samples=1000, random_state=0)
        rows.append((path.name, len(data.sequences), time.perf_counter() - start))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--definition", default=str(DEFAULT), help="seqgra XML definition")
    parser.add_argument("--n", type=int, default=10_000, help="examples (default 10,000)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--seqgra-python",
        default=os.environ.get("SEQGRA_PYTHON"),
        help="python of an environment with seqgra installed (or $SEQGRA_PYTHON)",
    )
    parser.add_argument("--all", metavar="DIR", help="load, validate and simulate every definition")
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    args = parser.parse_args()

    if args.all:
        for name, n, seconds in check_all(args.all):
            print(f"{name}: {n} examples in {seconds:.3f} s, XML valid and written back")

    grammar = scaled(load_grammar(args.definition), args.n)
    ours, data = time_skseq(grammar, args.repeats)
    n, length = len(data.sequences), int(data.lengths.max())
    load = os.getloadavg()[0]
    result = dict(definition=Path(args.definition).name, n=n, length=length, skseq_s=ours)
    lines = [f"skseq:  {n} x {length} in {ours:.3f} s ({n * length / ours / 1e6:.1f} M letters/s)"]
    if args.seqgra_python:
        with tempfile.TemporaryDirectory() as tmp:
            path = write_grammar(grammar, Path(tmp) / f"{grammar.id}.xml")
            theirs = time_seqgra(args.seqgra_python, path, args.repeats)
        result.update(seqgra_s=theirs, ratio=theirs / ours)
        lines.append(f"seqgra: {n} x {length} in {theirs:.2f} s")
        lines.append(f"skseq is {theirs / ours:.0f}x faster")
    lines.append(f"load average at the end: {load:.2f} on {os.cpu_count()} cores")
    print("\n".join(lines))
    print(json.dumps(result))
    if args.seqgra_python and not args.no_write:
        write_section(
            "simulation",
            f"""## Grammar simulation against seqgra

`python benchmarks/simulation.py --seqgra-python ...`: the definition
`{result["definition"]}` scaled to {n:,} examples of {length} nt, best of {args.repeats}.

| simulator | seconds | ratio |
|---|---|---|
| seqgra 0.0.4 (`Simulator.simulate_data`, Python 3.8) | {theirs:.2f} | 1 |
| skseq `make_grammar_sequences` | {ours:.3f} | {theirs / ours:.0f}x |

Load average {load:.2f} on {os.cpu_count()} cores while it ran.
""",
        )


if __name__ == "__main__":
    main()
