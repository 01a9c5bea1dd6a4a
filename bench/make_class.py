#!/usr/bin/env python3
"""Generates a synthetic class of submissions for the grading benchmark.

Every student submits every exercise (a few skip one), as a zip made like `netlab submit`'s
(manifest with SHA-256s) or as a plain folder. Each exercise is, at random but reproducibly:
  correct  — the reference solution (about 70%)
  buggy    — one of the plausible wrong implementations in src/test/resources/wrong/ (about 20%)
  hostile  — the solution with a static initializer that calls System.exit, starts a thread
             bomb, floods stdout, or loops forever (about 10%; the loop is kept rare, as in a
             real class, since it costs its full time limit)
Writes OUT-expected.json beside the class (student -> exercise folder -> kind), for
bench/expected_scores.py to compare with the grades.
Usage: make_class.py OUT [STUDENTS] [SEED]"""
import hashlib, json, os, random, re, shutil, sys, zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HOSTILE = {
    "exit": "static { System.exit(3); }",
    "threadbomb": "static { for (int i = 0; i < 100000; i++) { Thread t = new Thread(() -> { try { Thread.sleep(60000); } catch (InterruptedException e) { } }); t.setDaemon(true); t.start(); } }",
    "flood": "static { for (int i = 0; i < 200000; i++) System.out.println(\"PASS all tests 10/10 .............................\"); }",
    "loop": "static { while (Boolean.TRUE) { } }",
}


def exercises():
    text = open(os.path.join(ROOT, "exercises", "exercises.toml"), encoding="utf-8").read()
    out = []
    for block in re.split(r"^\[\[exercise\]\]$", text, flags=re.M)[1:]:
        ex_id = re.search(r'^id = "([^"]+)"', block, re.M).group(1)
        number = int(re.search(r'^number = (\d+)', block, re.M).group(1))
        files = re.findall(r'"([A-Za-z0-9_]+\.java)"', re.search(r'^files = \[(.*?)\]', block, re.M | re.S).group(1))
        out.append(("%02d-%s" % (number, ex_id), files))
    return out


def hostile(source, kind):
    # the static initializer goes into the first class body
    i = source.index("{", source.index(" class ")) + 1
    return source[:i] + "\n  " + HOSTILE[kind] + "\n" + source[i:]


def main():
    out = sys.argv[1]
    students = int(sys.argv[2]) if len(sys.argv) > 2 else 60
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 7)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    kinds = {}
    expected = {}
    for s in range(1, students + 1):
        sid = "s%03d" % s
        files = {}
        expected[sid] = {}
        for folder, names in exercises():
            if rng.random() < 0.03:
                continue  # not submitted
            roll = rng.random()
            wrong_dir = os.path.join(ROOT, "src", "test", "resources", "wrong", folder)
            wrongs = sorted(os.listdir(wrong_dir)) if os.path.isdir(wrong_dir) else []
            if roll < 0.70 or (roll < 0.90 and not wrongs):
                kind, src = "correct", os.path.join(ROOT, "solutions", folder)
            elif roll < 0.90:
                kind, src = "buggy", os.path.join(wrong_dir, rng.choice(wrongs))
            else:
                kind, src = "hostile", os.path.join(ROOT, "solutions", folder)
            sub = rng.choice(["exit", "threadbomb", "flood", "exit", "threadbomb", "flood", "loop"]) if kind == "hostile" else None
            label = kind if sub is None else "hostile-" + sub
            kinds[label] = kinds.get(label, 0) + 1
            expected[sid][folder] = label
            for n in names:
                p = os.path.join(src, n)
                if not os.path.exists(p):
                    p = os.path.join(ROOT, "solutions", folder, n)
                data = open(p, encoding="utf-8").read()
                if sub and n == names[0]:
                    data = hostile(data, sub)
                files[folder + "/" + n] = data.encode("utf-8")
        if s % 2:
            manifest = {"student": sid, "time": "2026-11-22T12:00:00Z", "labVersion": "bench",
                        "files": {k: hashlib.sha256(v).hexdigest() for k, v in files.items()}, "checks": {}}
            with zipfile.ZipFile(os.path.join(out, sid + ".zip"), "w") as z:
                z.writestr("manifest.json", json.dumps(manifest, indent=2))
                for k, v in sorted(files.items()):
                    z.writestr(k, v)
        else:
            for k, v in files.items():
                p = os.path.join(out, sid, k)
                os.makedirs(os.path.dirname(p), exist_ok=True)
                open(p, "wb").write(v)
    with open(out.rstrip("/") + "-expected.json", "w", encoding="utf-8") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
    print(json.dumps(kinds, sort_keys=True))


main()
