#!/usr/bin/env python3
"""extrapolation_check.py DATA LAMMPS_OUT PREDICT_ERR [MEMBER] -- the pair style's extrapolation
warnings (one line per warning: atom ID, element, symmetry function, value, range, excursion)
against the data file (the element of each ID's LAMMPS type: 1 = H, 2 = O) and against
`hdnnp predict` on the same structure (its count, and its worst warning: atom, function, value).
Also writes MOVED_XYZ when given --write: the data file with atom 1 moved 1.1 Å from atom 4."""
import re
import sys

LINE = re.compile(r"### NNP EXTRAPOLATION WARNING ### STEP (\d+): atom ID (\d+) \((\w+)\) symmetry function (\d+): "
                  r"(\S+) (above|below) the training range(?: of member (\d+))? \[(\S+), (\S+)\] by (\S+) \((\S+) % of the range\)")
COUNT = re.compile(r"### NNP EXTRAPOLATION WARNING ### STEP (\d+): (\d+) extrapolation warning\(s\) \(all ranks\)")
PREDICT = re.compile(r"hdnnp: warning: (\d+) symmetry-function values? outside .* worst: structure 1, atom (\d+) \((\w+)\), "
                     r"function (\d+) \[[^]]*\] = (\S+) outside")


def read_data(path):
    lines = open(path).read().splitlines()
    box = [l.split() for l in lines if l.split()[-1:] in (["xhi"], ["yhi"], ["zhi"])]
    start = next(k for k, l in enumerate(lines) if l.startswith("Atoms"))
    atoms = {}
    for l in lines[start + 1:]:
        w = l.split()
        if len(w) >= 5:
            atoms[int(w[0])] = (int(w[1]), [float(x) for x in w[2:5]])
    return [float(b[1]) - float(b[0]) for b in box], atoms


def moved(data):
    """Atom 1 (an O) moved to 1.1 Å from atom 4 (another O), away from its own two H."""
    lengths, atoms = read_data(data)
    x4 = atoms[4][1]
    atoms[1] = (atoms[1][0], [x4[0] + 1.1, x4[1], x4[2]])
    return lengths, atoms


def main():
    if sys.argv[1] == "--write":
        data, xyz = sys.argv[2], sys.argv[3]
        lengths, atoms = moved(data)
        with open(xyz, "w") as f:
            f.write('%d\nLattice="%r 0 0 0 %r 0 0 0 %r" pbc="T T T" Properties=species:S:1:pos:R:3\n' % (len(atoms), *lengths))
            for k in sorted(atoms):
                t, x = atoms[k]
                f.write("%s %r %r %r\n" % ("H" if t == 1 else "O", *x))
        x = atoms[1][1]
        print("%r %r %r" % tuple(x))
        return
    data, out, err = sys.argv[1], sys.argv[2], sys.argv[3]
    member = sys.argv[4] if len(sys.argv) > 4 else None   # a committee: the member every line must name
    _, atoms = read_data(data)
    text = open(out).read()
    lines = [LINE.match(l) for l in text.splitlines() if "atom ID" in l]
    counts = [COUNT.match(l) for l in text.splitlines() if COUNT.match(l)]
    ok = True

    def check(name, cond, detail=""):
        nonlocal ok
        print("%-4s %s %s" % ("ok" if cond else "FAIL", name, detail))
        ok &= bool(cond)

    check("every warning line has the full format", all(lines) and len(lines) > 0, "(%d lines)" % len(lines))
    if not ok:
        sys.exit(1)
    check("one count line", len(counts) == 1)
    total = int(counts[0].group(2))
    p = PREDICT.search(open(err).read())
    check("hdnnp predict reports extrapolation", p is not None)
    if not ok:
        sys.exit(1)
    check("count = hdnnp predict's", total == int(p.group(1)), "(%d, predict %s)" % (total, p.group(1)))
    check("every warning listed", len(lines) == total, "(%d listed)" % len(lines))
    for m in lines:
        tag, el, fn = int(m.group(2)), m.group(3), int(m.group(4))
        value, lo, hi, by = (float(m.group(k)) for k in (5, 8, 9, 10))
        want = {1: "H", 2: "O"}[atoms[tag][0]]
        check("atom ID %d is %s in the data file" % (tag, want), el == want, "(printed %s)" % el)
        outside = value > hi if m.group(6) == "above" else value < lo
        exc = value - hi if m.group(6) == "above" else lo - value
        check("ID %d function %d: %s outside [%s, %s] by %s" % (tag, fn, m.group(5), m.group(8), m.group(9), m.group(10)),
              outside and abs(exc - by) <= 1e-3 * abs(by) + 1e-12)
        if member is not None:
            check("ID %d function %d: member %s (all members share the base model's ranges)" % (tag, fn, m.group(7)), m.group(7) == member)
    ids = {int(m.group(2)) for m in lines}
    check("the displaced O's hydrogens (IDs 2, 3) are among the warned atoms", {2, 3} <= ids, "(IDs %s)" % sorted(ids))
    worst = [m for m in lines if int(m.group(2)) == int(p.group(2)) and int(m.group(4)) == int(p.group(4))]
    check("predict's worst warning (atom %s, function %s) is listed with its value" % (p.group(2), p.group(4)),
          len(worst) == 1 and abs(float(worst[0].group(5)) - float(p.group(5))) <= 1e-6 * abs(float(p.group(5))),
          "(%s vs predict %s)" % (worst[0].group(5) if worst else "-", p.group(5)))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
