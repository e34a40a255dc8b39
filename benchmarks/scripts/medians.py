#!/usr/bin/env python3
"""Median of the per-iteration scores of a JMH JSON result (-rf json -rff FILE), beside JMH's mean +- error.

usage: medians.py RESULT.json [--markdown]
"""
import json
import statistics
import sys


def rows(results):
    for r in results:
        pm = r["primaryMetric"]
        raw = [x for fork in pm.get("rawData", []) for x in fork]
        name = r["benchmark"].rsplit(".", 2)
        name = ".".join(name[-2:])
        params = ",".join(f"{k}={v}" for k, v in (r.get("params") or {}).items())
        yield {
            "benchmark": name,
            "params": params,
            "mode": r["mode"],
            "forks": len(pm.get("rawData", [])),
            "n": len(raw),
            "median": statistics.median(raw) if raw else float("nan"),
            "min": min(raw) if raw else float("nan"),
            "max": max(raw) if raw else float("nan"),
            "mean": pm["score"],
            "error": pm.get("scoreError", float("nan")),
            "unit": pm["scoreUnit"],
        }


def fmt(x):
    x = float(x)  # JMH writes "NaN" as a string
    if x != x:  # NaN
        return "NaN"
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:,.2f}"


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    with open(sys.argv[1]) as f:
        results = json.load(f)
    md = "--markdown" in sys.argv[2:]
    head = ["Benchmark", "Params", "Mode", "Forks x iters", "Median", "Min", "Max", "Mean ± error (99.9%)", "Units"]
    table = [[r["benchmark"], r["params"] or "-", r["mode"], f'{r["forks"]} x {r["n"] // max(r["forks"], 1)}',
              fmt(r["median"]), fmt(r["min"]), fmt(r["max"]), f'{fmt(r["mean"])} ± {fmt(r["error"])}', r["unit"]]
             for r in rows(results)]
    if md:
        print("| " + " | ".join(head) + " |")
        print("|" + "|".join("---" for _ in head) + "|")
        for t in table:
            print("| " + " | ".join(t) + " |")
    else:
        widths = [max(len(str(c)) for c in col) for col in zip(head, *table)]
        for t in [head] + table:
            print("  ".join(str(c).ljust(w) if i < 3 else str(c).rjust(w) for i, (c, w) in enumerate(zip(t, widths))))


if __name__ == "__main__":
    main()
