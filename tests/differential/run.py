#!/usr/bin/env python3
"""The differential test: every generated case through every implementation and the
reference model; any disagreement fails, printing the case.

    python3 tests/differential/run.py [--cases N] [--seed S] [--first ID] [--batch N]
                                      [--keep DIR] [--only a,b] [--strict] [--verbose]

Implementations (each one process for all cases, reading JSON lines on stdin):

  rust      core/examples/differential.rs (built by run.sh, with the serde feature)
  native    signhook on its native engine (Node)
  fallback  signhook forced onto its WebAssembly engine (SIGNHOOK_ENGINE=wasm)
  wasm      the signhook-wasm package (Node)
  python    the signhook wheel installed in bindings-python/.venv
  model     the reference model of tests/vectors/generate.py (reference_outcome), in this
            process, with the payload taken as Python's json.loads of the body

An outcome is the error code, or the event's fields and its payload. Payloads are compared as
JSON values with every number as a float (a 90-digit integer is an exact int in Python and a
double elsewhere).
"""

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "vectors"))

import gen  # noqa: E402
import model  # noqa: E402

IMPLEMENTATIONS = {
    "rust": [os.environ.get("SIGNHOOK_DIFFERENTIAL_RUST")
             or os.path.join(ROOT, "target", "debug", "examples", "differential")],
    "native": ["node", os.path.join(HERE, "runner.mjs"), "native"],
    "fallback": ["node", os.path.join(HERE, "runner.mjs"), "fallback"],
    "wasm": ["node", os.path.join(HERE, "runner.mjs"), "wasm"],
    "python": [os.path.join(ROOT, "bindings-python", ".venv", "bin", "python"),
               os.path.join(HERE, "runner.py")],
}


def outcome(answer):
    """The comparable part of a runner's answer. The Rust runner gives the payload twice: as
    `Payload::as_json` (the verified body text, compared here like every payload) and as
    `Payload::to_value` (checked on its own by to_value_problem)."""
    if "error" in answer:
        return {"error": answer["error"]}
    if "crash" in answer:
        return {"crash": answer["crash"]}
    if "payload_json" in answer:
        payload = json.loads(answer["payload_json"])
    else:
        payload = answer["payload"]
    return {"event": answer["event"], "payload": model.canon(payload)}


def _float_paths(a, b, path="payload"):
    """Where two payloads differ; each difference as (path, a, b)."""
    if isinstance(a, dict) and isinstance(b, dict) and set(a) == set(b):
        return [d for k in a for d in _float_paths(a[k], b[k], "%s.%s" % (path, k))]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in _float_paths(x, y, "%s[%d]" % (path, i))]
    return [] if a == b else [(path, a, b)]


def to_value_problem(case, answer):
    """How Rust's `Payload::to_value` differs from the body parsed exactly: None; a known
    difference, with an example: "rounding" (a float off in its last bit) or "largest" (an
    error for a body holding a number that rounds to the largest double); or "other" (a
    failure)."""
    if "payload_json" not in answer:
        return None
    if answer["payload_json"] != model.body_bytes(case).decode("utf-8"):
        return ("other", "Payload::as_json is not the body")
    exact = model.canon(json.loads(answer["payload_json"]))
    if "payload_error" in answer:
        if _has_largest_double(exact):
            return ("largest", "a number that rounds to the largest double; to_value fails: "
                    + answer["payload_error"])
        return ("other", "to_value fails: " + answer["payload_error"])
    if "payload" not in answer:
        return None  # built without the serde feature: no to_value
    if answer["payload"] is None and _has_largest_double(exact):
        return ("largest", "a number that rounds to the largest double; to_value gives null")
    diffs = _float_paths(exact, model.canon(answer["payload"]))
    if not diffs:
        return None
    for path, a, b in diffs:
        if not (isinstance(a, float) and isinstance(b, float) and a != 0
                and abs(a - b) <= math.ulp(max(abs(a), abs(b)))):
            return ("other", "%s: %r, to_value gives %r" % (path, a, b))
    path, a, b = diffs[0]
    return ("rounding", "%s: %r, to_value gives %r" % (path, a, b))


def _has_largest_double(value):
    if isinstance(value, float):
        return abs(value) == sys.float_info.max
    if isinstance(value, list):
        return any(_has_largest_double(v) for v in value)
    if isinstance(value, dict):
        return any(_has_largest_double(v) for v in value.values())
    return False


def brief(case):
    """The case, short enough to read (long bodies and values cut, their length shown)."""
    shown = dict(case)
    for key in ("body", "body_base64"):
        if key in shown and len(shown[key]) > 600:
            shown[key] = shown[key][:300] + "...(%d characters)..." % len(shown[key]) + shown[key][-100:]
    shown["headers"] = [[n, v if len(v) <= 300 else v[:300] + "...(%d)" % len(v)]
                        for n, v in case["headers"]]
    return json.dumps(shown, ensure_ascii=True)


def difference(a, b):
    """What differs between two outcomes, briefly."""
    if set(a) != set(b) or "event" not in a:
        return None
    keys = [k for k in a["event"] if a["event"].get(k) != b["event"].get(k)]
    parts = ["event.%s" % k for k in keys]
    if a["payload"] != b["payload"]:
        parts.append("payload")
    return ", ".join(parts)


def summary(answer):
    if "event" in answer:
        text = json.dumps(answer["event"], ensure_ascii=False, sort_keys=True)
        return "event " + (text if len(text) < 400 else text[:400] + "...")
    return json.dumps(answer)


class Tally:
    """What the batches found."""

    def __init__(self):
        self.cases = 0
        self.failures = []  # (case, why, [(names, outcome)])
        self.known = {}  # deviation name -> count
        self.examples = {}  # deviation name -> (case, detail)
        self.splits = {}  # known disagreement name -> count
        self.split_examples = {}
        self.codes = {}  # the model's answers
        self.broken = False  # a runner failed
        self.names = []

    def note(self, name, case, detail):
        self.known[name] = self.known.get(name, 0) + 1
        self.examples.setdefault(name, (case, detail))


def run_batch(cases, names, work, tally):
    """Every case through every implementation (one process each) and the model."""
    cases_path = os.path.join(work, "cases.jsonl")
    with open(cases_path, "w", encoding="ascii", newline="\n") as fh:
        for case in cases:
            fh.write(json.dumps(case, ensure_ascii=True, separators=(",", ":")) + "\n")
    procs = {}
    for n in names:
        stdin = open(cases_path, "rb")
        stdout = open(os.path.join(work, n + ".jsonl"), "wb")
        stderr = open(os.path.join(work, n + ".stderr"), "wb")
        procs[n] = (subprocess.Popen(IMPLEMENTATIONS[n], stdin=stdin, stdout=stdout,
                                     stderr=stderr, cwd=ROOT), stdin, stdout, stderr)

    expected = [model.expected(c) for c in cases]  # meanwhile, the reference model

    answers = {}
    for n, (proc, *files) in procs.items():
        code = proc.wait()
        for f in files:
            f.close()
        # Split on newlines only: answers may hold U+2028 and other line separators.
        with open(os.path.join(work, n + ".jsonl"), encoding="utf-8", newline="") as fh:
            lines = [line for line in fh.read().split("\n") if line.strip()]
        if code != 0 or len(lines) != len(cases):
            with open(os.path.join(work, n + ".stderr"), encoding="utf-8", errors="replace") as fh:
                err = fh.read()
            print("%s: exit %d, %d of %d answers\n%s" % (n, code, len(lines), len(cases), err[-3000:]))
            tally.broken = True
            continue
        answers[n] = [json.loads(line) for line in lines]
    tally.names = list(answers)
    tally.cases += len(cases)

    for i, case in enumerate(cases):
        e = expected[i]
        key = "event" if "event" in e else e.get("error", "model-crash")
        tally.codes[key] = tally.codes.get(key, 0) + 1
        got = {}
        for n in answers:
            a = answers[n][i]
            assert a["id"] == case["id"], (n, a["id"], case["id"])
            got[n] = outcome(a)
            problem = to_value_problem(case, a)
            if problem and problem[0] in ("rounding", "largest"):
                tally.note("rust-to-value-" + problem[0], case, problem[1])
            elif problem:
                tally.failures.append((case, "%s: %s" % (n, problem[1]), group({n: got[n]})))
        distinct = group(got)
        if len(distinct) > 1 or any("crash" in o for _, o in distinct):
            split = next((k for k in KNOWN_SPLITS if k[2](case, distinct)), None)
            if split is None:
                tally.failures.append((case, "the implementations disagree",
                                       group(dict(got, model=e))))
            else:
                tally.splits[split[0]] = tally.splits.get(split[0], 0) + 1
                tally.split_examples.setdefault(split[0], (case, distinct))
            continue
        if not distinct or distinct[0][1] == e:
            continue
        explained = model.explain(case, distinct[0][1])
        if explained is None:
            tally.failures.append((case, "every implementation disagrees with the model",
                                   group(dict(got, model=e))))
        else:
            tally.note("+".join(explained), case, "model: %s; implementations: %s" % (
                summary(e), summary(distinct[0][1])))


def report(tally, args, started):
    for case, why, distinct in tally.failures[:args.show]:
        print("\nDISAGREEMENT in case %d (%s, seed %s): %s" % (case["id"], case["family"], args.seed, why))
        print("  case: " + brief(case))
        base = distinct[0][1]
        for names_, o in distinct:
            diff = difference(base, o) if o is not base else None
            print("  %-34s %s%s" % (",".join(names_) + ":", summary(o),
                                    "  [differs in %s]" % diff if diff else ""))
    if len(tally.failures) > args.show:
        print("\n... and %d more disagreements" % (len(tally.failures) - args.show))
    for name, summary_, _ in KNOWN_SPLITS:
        if name in tally.splits:
            case, distinct = tally.split_examples[name]
            print("\nKNOWN DISAGREEMENT between the implementations, %s: %d cases\n  %s\n"
                  "  e.g. case %d: %s" % (name, tally.splits[name], summary_, case["id"], brief(case)))
            for names_, o in distinct:
                print("  %-34s %s" % (",".join(names_) + ":", summary(o)))
    if tally.known:
        print("\nKnown deviations from the model (every implementation agrees; see README.md):")
        for name, count in sorted(tally.known.items()):
            case, detail = tally.examples[name]
            print("  %-28s %5d cases, e.g. case %d: %s" % (name, count, case["id"], detail[:300]))
            if args.verbose:
                print("      " + brief(case))
    strict = args.strict and (tally.known or tally.splits)
    print("\n%d cases (seed %s) through %s and the model: %s; %d disagreements, %d known "
          "disagreements, %d known deviations from the model%s (%.1f s)" % (
              tally.cases, args.seed, ", ".join(tally.names),
              ", ".join("%s %d" % kv for kv in sorted(tally.codes.items())),
              len(tally.failures), sum(tally.splits.values()), sum(tally.known.values()),
              " (--strict: they fail)" if strict else "", time.monotonic() - started))
    return bool(tally.failures or tally.broken or strict)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=3000)
    parser.add_argument("--seed", default="1")
    parser.add_argument("--first", type=int, default=0,
                        help="the first case's id (to rerun one case: --first ID --cases 1)")
    parser.add_argument("--batch", type=int, default=5000,
                        help="cases per batch (each batch is one process per implementation)")
    parser.add_argument("--keep", help="keep the last batch's cases and answers in this directory")
    parser.add_argument("--only", help="comma-separated implementations (default: all)")
    parser.add_argument("--show", type=int, default=20, help="print at most this many disagreements")
    parser.add_argument("--strict", action="store_true",
                        help="fail on the known disagreements and deviations too")
    parser.add_argument("--verbose", action="store_true",
                        help="print an example case of each known deviation")
    args = parser.parse_args()
    names = args.only.split(",") if args.only else list(IMPLEMENTATIONS)
    for n in names:
        if n not in IMPLEMENTATIONS:
            parser.error("unknown implementation %s" % n)

    started = time.monotonic()
    work = args.keep or tempfile.mkdtemp(prefix="signhook-differential-")
    os.makedirs(work, exist_ok=True)
    tally = Tally()
    end = args.first + args.cases
    for start in range(args.first, end, args.batch):
        count = min(args.batch, end - start)
        before = len(tally.failures)
        run_batch(list(gen.cases(count, args.seed, start)), names, work, tally)
        if args.cases > args.batch:
            print("cases %d-%d: %d disagreements (%.0f s)" % (
                start, start + count - 1, len(tally.failures) - before,
                time.monotonic() - started), flush=True)
        if tally.broken:
            break
    bad = report(tally, args, started)
    if not args.keep and not bad:
        for f in os.listdir(work):
            os.remove(os.path.join(work, f))
        os.rmdir(work)
    elif not args.keep:
        print("the last batch's cases and answers are kept in " + work)
    return 1 if bad else 0


# Disagreements between the implementations that are known and reported, each with the
# answers it allows. They are printed on every run with an example case; fix the bindings,
# then remove the entry. --strict fails on them.
KNOWN_SPLITS = []


def group(outcomes):
    """[(names, outcome)] for each distinct outcome, in first-seen order."""
    distinct = []
    for n, o in outcomes.items():
        for names_, seen in distinct:
            if seen == o:
                names_.append(n)
                break
        else:
            distinct.append(([n], o))
    return distinct


if __name__ == "__main__":
    sys.exit(main())
