#!/usr/bin/env python3
"""Derive a day's changes from a generated data set, for Scripts/bench.

A coordinator's next export of the same spreadsheets: every file again, with
about 1 % of its records changed and about 5 % new ones appended.

  * changed: every 100th record of every file gets a different note (its
    note plus " (revised)", or "Revised" when it had none): a value every kind
    has, so each change stays valid;
  * new: a copy of every 20th case under a new id, with copies of its
    attempts, outcomes and incidents (new ids, pointing at the new case and
    its new attempts; the same routes and escort runs); and a copy of every
    20th escort run and of every 20th incident that names no case.  A copy of
    a valid record with its own records is valid.

New ids continue each file's numbering (C000001 .. C200000, then C200001 ..)
and are checked not to be taken.  The output depends only on the input
files.  CSV files as Scripts/generate.py writes them; files of other kinds
(members, case_links, ...) get the changed notes and no new records.

resave() writes the same records with other bytes (LF line endings): a
reload of them cannot be recognised as a repeat of the last load's files.

  Scripts/bench_changes.py SRC OUT     prints the counts as JSON
"""

import csv
import json
import os
import re
import sys

CHANGE_EVERY = 100      # every 100th record changed: 1 %
COPY_EVERY = 20         # every 20th case (run, caseless incident) copied: 5 %


class IdMaker:
    """New ids after the highest of a file's PREFIX + digits ids."""

    def __init__(self, ids):
        self.taken = set(ids)
        self.prefix, self.width, self.next = "N", 7, 1
        best = None
        for i in ids:
            m = re.fullmatch(r"([A-Za-z_-]*)(\d+)", i)
            if m and (best is None or int(m.group(2)) > best[1]):
                best = (m.group(1), int(m.group(2)), len(m.group(2)))
        if best:
            self.prefix, self.next, self.width = best[0], best[1] + 1, best[2]

    def __call__(self):
        while True:
            new = "%s%0*d" % (self.prefix, self.width, self.next)
            self.next += 1
            if new not in self.taken:
                self.taken.add(new)
                return new


# The kinds whose copies depend on others' new ids come after those.
ORDER = ["cases", "attempts", "outcomes", "incidents", "escort_runs"]


def derive(src, out):
    """Writes the changed set of SRC's CSV files into OUT; returns
    {kind: {"changed": n, "new": n}} for the kinds with files.  Streams each
    file: only its ids and the records to copy stay in memory."""
    os.makedirs(out, exist_ok=True)
    kinds = sorted(name[:-4] for name in os.listdir(src) if name.endswith(".csv"))
    kinds.sort(key=lambda k: ORDER.index(k) if k in ORDER else len(ORDER))
    case_map, attempt_map = {}, {}
    counts = {}
    for kind in kinds:
        with open(os.path.join(src, kind + ".csv"), "r", encoding="utf-8", newline="") as f, \
                open(os.path.join(out, kind + ".csv"), "w", encoding="utf-8", newline="") as g:
            reader, writer = csv.reader(f), csv.writer(g)
            header = next(reader)
            writer.writerow(header)
            col = {name: i for i, name in enumerate(header)}
            notes = col.get("notes")
            ids, copies = [], []
            changed = caseless = 0
            for i, row in enumerate(reader):
                ids.append(row[0])
                # Copies are taken of the records as they were.
                if kind in ("cases", "escort_runs"):
                    if i % COPY_EVERY == COPY_EVERY - 1:
                        copies.append(list(row))
                elif kind in ("attempts", "outcomes", "incidents") and row[col["case_id"]] in case_map:
                    copies.append(list(row))
                elif kind == "incidents" and not row[col["case_id"]]:
                    caseless += 1
                    if caseless % COPY_EVERY == 0:
                        copies.append(list(row))
                if notes is not None and i % CHANGE_EVERY == CHANGE_EVERY - 1:
                    row[notes] = row[notes] + " (revised)" if row[notes] else "Revised"
                    changed += 1
                writer.writerow(row)
            make = IdMaker(ids)
            del ids
            for row in copies:
                new = make()
                if kind == "cases":
                    case_map[row[0]] = new
                elif kind == "attempts":
                    attempt_map[row[0]] = new
                row[0] = new
                if "case_id" in col and row[col["case_id"]]:
                    row[col["case_id"]] = case_map[row[col["case_id"]]]
                if "attempt_id" in col and row[col["attempt_id"]]:
                    row[col["attempt_id"]] = attempt_map.get(row[col["attempt_id"]], row[col["attempt_id"]])
            writer.writerows(copies)
        counts[kind] = {"changed": changed, "new": len(copies)}
    return counts


def resave(src, out):
    """SRC's CSV files with the same records, saved with LF line endings
    instead of CRLF: other bytes, the same values.  Returns the records."""
    os.makedirs(out, exist_ok=True)
    records = 0
    for name in sorted(os.listdir(src)):
        if name.endswith(".csv"):
            with open(os.path.join(src, name), "r", encoding="utf-8", newline="") as f, \
                    open(os.path.join(out, name), "w", encoding="utf-8", newline="") as g:
                writer = csv.writer(g, lineterminator="\n")
                for i, row in enumerate(csv.reader(f)):
                    writer.writerow(row)
                    records += 1 if i else 0
    return records


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    print(json.dumps(derive(argv[1], argv[2]), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
