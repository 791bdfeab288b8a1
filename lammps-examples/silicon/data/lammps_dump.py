"""lammps_dump.py: the one reader of LAMMPS text dumps (`dump custom` / `dump atom`) used by the
example scripts (dump2extxyz.py, ../active-learning.py). Standard library only.

read_frames(path) -> list of Frame(step, bounds, columns, rows):
  bounds  the three 'ITEM: BOX BOUNDS' lines as lists of floats (2 values each, 3 when triclinic)
  columns the names after 'ITEM: ATOMS'
  rows    per atom, the fields as strings, in the file's order
A malformed file ends the script with a message naming the file, the line and what was expected.
"""
import sys
from collections import namedtuple

Frame = namedtuple("Frame", "step bounds columns rows")


def _fail(path, line, msg):
    sys.exit("%s line %d: %s" % (path, line, msg))


def _expect(path, lines, i, prefix):
    if i >= len(lines) or not lines[i].startswith(prefix):
        found = lines[i][:60] if i < len(lines) else "end of file"
        _fail(path, i + 1, "expected %r, found %r" % (prefix, found))


def _number(path, i, text, kind):
    try:
        return kind(text)
    except ValueError:
        _fail(path, i + 1, "expected a number, found %r" % text[:60])


def read_frames(path):
    with open(path) as f:
        lines = f.read().split("\n")
    frames = []
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        _expect(path, lines, i, "ITEM: TIMESTEP")
        step = _number(path, i + 1, lines[i + 1].strip() if i + 1 < len(lines) else "", int)
        _expect(path, lines, i + 2, "ITEM: NUMBER OF ATOMS")
        n = _number(path, i + 3, lines[i + 3].strip() if i + 3 < len(lines) else "", int)
        _expect(path, lines, i + 4, "ITEM: BOX BOUNDS")
        bounds = []
        for d in range(3):
            k = i + 5 + d
            words = lines[k].split() if k < len(lines) else []
            if len(words) not in (2, 3):
                _fail(path, k + 1, "expected 2 or 3 box bounds, found %r" % " ".join(words))
            bounds.append([_number(path, k, w, float) for w in words])
        _expect(path, lines, i + 8, "ITEM: ATOMS")
        columns = lines[i + 8].split()[2:]
        rows = [lines[k].split() for k in range(i + 9, min(i + 9 + n, len(lines)))]
        for k, r in enumerate(rows):
            if not r:
                rows = rows[:k]
                break
            if len(r) != len(columns):
                _fail(path, i + 10 + k, "expected %d columns (%s), found %d" % (len(columns), " ".join(columns), len(r)))
        if len(rows) < n:
            _fail(path, i + 10 + len(rows), "frame at step %d ends after %d of %d atoms" % (step, len(rows), n))
        frames.append(Frame(step, bounds, columns, rows))
        i += 9 + n
    if not frames:
        sys.exit(path + ": no frames")
    return frames
