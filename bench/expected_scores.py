#!/usr/bin/env python3
"""Checks a graded synthetic class against what make_class.py put in it: every correct
submission has full marks; every buggy one, and every one that exits, loops or starts a
thread bomb as its class loads, has less; one that floods stdout as its class loads (10 MB,
past the 1 MB limit) loses the test that loaded it and keeps the others; an exercise left
out is 0 and marked not submitted.
Usage: expected_scores.py REPORT EXPECTED_JSON   (exit 1 when a grade is not as expected)"""
import json, os, sys



def main():
    report, expected_path = sys.argv[1], sys.argv[2]
    expected = json.load(open(expected_path, encoding="utf-8"))
    checked, wrong = 0, []
    # report folders are named for the submission's file (s001.zip), so find each by its student id
    grades = {}
    for key in os.listdir(os.path.join(report, "students")):
        path = os.path.join(report, "students", key, "grade.json")
        if os.path.isfile(path):
            g = json.load(open(path, encoding="utf-8"))
            grades[g["student"]] = g
    for sid, exercises in sorted(expected.items()):
        grade = grades[sid]
        for e in grade["exercises"]:
            kind = exercises.get(e["dir"], "not submitted")
            checked += 1
            if kind == "not submitted":
                ok = not e["submitted"] and e["score"] == 0
            elif kind == "correct":
                ok = e["score"] == e["max"]
            elif kind == "hostile-flood":
                ok = 0 < e["score"] < e["max"] and sum(not t["passed"] for t in e["tests"]) == 1
            else:
                ok = e["score"] < e["max"]
            if not ok:
                # the detail lines too (a timeout says where the test or the student's code was)
                failed = [t["name"] + ": " + (t.get("reason") or "") + "".join("\n      " + d for d in (t.get("detail") or [])[:6])
                          for t in e["tests"] if not t["passed"]]
                wrong.append("%s %s (%s): %d/%d %s" % (sid, e["dir"], kind, e["score"], e["max"], "; ".join(failed)[:1200]))
    print("expected scores: %d of %d exercise grades as expected" % (checked - len(wrong), checked))
    for w in wrong:
        print("  NOT AS EXPECTED: " + w)
    sys.exit(1 if wrong else 0)


main()
