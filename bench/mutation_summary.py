#!/usr/bin/env python3
"""Sums up PIT's mutations.xml per exercise, less the mutants listed as equivalent.

Usage: mutation_summary.py [--require PCT] OUT_DIR NN-id...
OUT_DIR is target/mutation (OUT_DIR/NN-id/report/mutations.xml from bench/mutation.sh).
Prints exercise | mutants | killed | equivalent | surviving | score% | time, then each surviving
mutant, and writes OUT_DIR/summary.tsv. score = killed / (mutants - equivalent), where killed
is every mutant PIT counts as detected (killed, timed out, memory error, run error).
Equivalent entries (src/hidden/NN-id/equivalent-mutants.txt, tab-separated
Class, line, mutator short name, why) match surviving mutants on class + line + mutator;
an entry that matches none is stale and reported as a warning.
"""
import argparse
import os
import sys
import xml.etree.ElementTree as ET

DETECTED = {"KILLED", "TIMED_OUT", "MEMORY_ERROR", "RUN_ERROR"}
UNDETECTED = {"SURVIVED", "NO_COVERAGE"}


def short(name):
    """Last segment of a dotted name: the mutator's short name, or a class's simple name."""
    return name.rsplit(".", 1)[-1]


def read_equivalents(path):
    """[(class, line, mutator, why, line_no)] from equivalent-mutants.txt; bad lines are errors."""
    entries, errors = [], []
    if not os.path.isfile(path):
        return entries, errors
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) < 4 or not parts[1].strip().isdigit() or not parts[3].strip():
                errors.append(f"{os.path.relpath(path)}:{n}: expected Class<TAB>line<TAB>Mutator<TAB>why, got: {line!r}")
                continue
            entries.append((parts[0].strip(), int(parts[1]), parts[2].strip(), parts[3].strip(), n))
    return entries, errors


def matches(entry, m):
    cls, line, mutator = entry[0], entry[1], entry[2]
    return (cls in (m["class"], short(m["class"]))
            and line == m["line"] and mutator == m["mutator"])


def summarize(root, out, ex):
    xml = os.path.join(out, ex, "report", "mutations.xml")
    if not os.path.isfile(xml):
        return None
    mutants = []
    for el in ET.parse(xml).getroot().iter("mutation"):
        status = el.get("status")
        if status == "NON_VIABLE":  # never ran: the mutated class did not load
            continue
        mutants.append({
            "status": status,
            "class": el.findtext("mutatedClass"),
            "method": el.findtext("mutatedMethod"),
            "line": int(el.findtext("lineNumber")),
            "mutator": short(el.findtext("mutator")),
            "description": el.findtext("description"),
        })
    eq_path = os.path.join(root, "src", "hidden", ex, "equivalent-mutants.txt")
    entries, errors = read_equivalents(eq_path)
    killed = [m for m in mutants if m["status"] in DETECTED]
    undetected = [m for m in mutants if m["status"] not in DETECTED]
    equivalent = [m for m in undetected if any(matches(e, m) for e in entries)]
    surviving = [m for m in undetected if m not in equivalent]
    stale = [e for e in entries if not any(matches(e, m) for m in undetected)]
    stale_killed = [e for e in stale if any(matches(e, m) for m in killed)]
    seconds = ""
    sec_file = os.path.join(out, ex, "seconds")
    if os.path.isfile(sec_file):
        seconds = open(sec_file).read().strip()
    denominator = len(mutants) - len(equivalent)
    score = 100.0 * len(killed) / denominator if denominator else 100.0
    return {
        "exercise": ex, "mutants": len(mutants), "killed": len(killed),
        "equivalent": len(equivalent), "surviving": surviving, "score": score,
        "seconds": seconds, "stale": stale, "stale_killed": stale_killed, "errors": errors,
        "eq_path": os.path.relpath(eq_path, root),
    }


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--require", type=float, help="exit 1 when an exercise scores below this percentage")
    p.add_argument("out")
    p.add_argument("exercises", nargs="+")
    a = p.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

    rows, missing = [], []
    for ex in a.exercises:
        r = summarize(root, a.out, ex)
        (rows if r else missing).append(r or ex)

    head = ("exercise", "mutants", "killed", "equivalent", "surviving", "score%", "time s")
    table = [head] + [(r["exercise"], r["mutants"], r["killed"], r["equivalent"], len(r["surviving"]),
                       f"{r['score']:.1f}", r["seconds"]) for r in rows]
    widths = [max(len(str(row[i])) for row in table) for i in range(len(head))]
    for i, row in enumerate(table):
        cells = [str(c).ljust(widths[j]) if j == 0 else str(c).rjust(widths[j]) for j, c in enumerate(row)]
        print(" | ".join(cells))
        if i == 0:
            print("-+-".join("-" * w for w in widths))
    for ex in missing:
        print(f"{ex}: no result (PIT did not finish; see {a.out}/{ex}/pit.log)")

    with open(os.path.join(a.out, "summary.tsv"), "w", encoding="utf-8") as f:
        f.write("\t".join(head) + "\n")
        for row in table[1:]:
            f.write("\t".join(str(c) for c in row) + "\n")

    bad = False
    for r in rows:
        if r["surviving"]:
            print(f"\n{r['exercise']}: {len(r['surviving'])} surviving")
            # the same change at the same place (several boundaries on one line) prints once, ×N
            groups = {}
            for m in r["surviving"]:
                key = (m["class"], m["line"], m["mutator"], m["description"], m["method"], m["status"])
                groups[key] = groups.get(key, 0) + 1
            for (cls, line, mutator, description, method, status), n in sorted(groups.items()):
                times = f" ×{n}" if n > 1 else ""
                no_cov = ", no test reaches it" if status == "NO_COVERAGE" else ""
                print(f"  {short(cls)}:{line} {mutator}{times} — {description} (in {method}{no_cov})")
        for e in r["stale"]:
            why = "now killed by a test" if e in r["stale_killed"] else "matches no mutant"
            print(f"warning: {r['eq_path']}:{e[4]}: stale entry {e[0]}\t{e[1]}\t{e[2]} ({why})",
                  file=sys.stderr)
        for err in r["errors"]:
            print(f"error: {err}", file=sys.stderr)
            bad = True
        if a.require is not None and r["score"] < a.require:
            bad = True
    if a.require is not None:
        low = [r["exercise"] for r in rows if r["score"] < a.require]
        if low or missing:
            print(f"\nbelow {a.require:g}%: {', '.join(low + missing)}", file=sys.stderr)
            bad = True
    if missing:
        bad = True
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
