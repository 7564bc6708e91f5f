#!/usr/bin/env python3
"""Run the canned report SQL against this fixture and diff with expected/.

Builds a temporary SQLite database from Schema/migrations (0001, then 0002
and later if present), loads the fixture CSVs the way the loader would
(times made canonical in the event zone, empty cells as NULL or the
column's default, load_id 1 and load_row = row number within its file),
runs every expected/NAME[--KEY=VALUE...].csv report (Schema/reports/NAME.sql,
else Schema/queries/NAME.sql) with its parameters bound and compares the
rendered rows. Exits non-zero on any difference or problem.

Stdlib only:  python3 Tests/Fixtures/small/check_reports.py [-v]
"""
import csv
import difflib
import glob
import io
import json
import os
import re
import sqlite3
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
SCHEMA = os.environ.get("PASSAGE_SCHEMA") or os.path.join(REPO, "Schema")
EXPECTED = os.path.join(HERE, "expected")
VERBOSE = "-v" in sys.argv

# The reports docs/reports.md lists; each must exist and be checked at least once.
LISTED = ["entries-per-route", "unresolved", "outcomes-by-muster-point", "outcomes", "turned-away",
          "daily-entries", "time-to-entry", "escort-runs", "data-quality"]

# Loader order (dependencies first) and per-column conversions, from the
# kind descriptions (Schema/kinds.json, generated from the Swift ones).
with open(os.path.join(SCHEMA, "kinds.json"), encoding="utf-8") as _kinds:
    _DESCRIPTION = json.load(_kinds)
KINDS = [entry["kind"] for entry in _DESCRIPTION]
_ALL_COLUMNS = [column for entry in _DESCRIPTION for column in entry["columns"]]
TIME_COLUMNS = {column["name"] for column in _ALL_COLUMNS if column["type"] == "time"}
INTEGER_COLUMNS = {column["name"] for column in _ALL_COLUMNS if column["type"] == "integer"}
REAL_COLUMNS = {column["name"] for column in _ALL_COLUMNS if column["type"] == "real"}
DEFAULTS = {(entry["kind"], column["name"]): column["default"]
            for entry in _DESCRIPTION for column in entry["columns"] if column.get("default") is not None}

TIME_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?)?$")


def parse_offset(text):
    sign = 1 if text[0] == "+" else -1
    return timezone(sign * timedelta(hours=int(text[1:3]), minutes=int(text[4:6])))


def canonical_time(text, zone_text):
    """Any time form of docs/data-model.md -> 'YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM:SS+HH:MM' in the event zone."""
    m = TIME_RE.match(text)
    if not m:
        raise ValueError("malformed time %r" % text)
    y, mo, d, h, mi, s, off = m.groups()
    if h is None:
        datetime(int(y), int(mo), int(d))  # validates
        return text
    zone = parse_offset(zone_text)
    tz = zone if off is None else (timezone.utc if off == "Z" else parse_offset(off))
    t = datetime(int(y), int(mo), int(d), int(h), int(mi), int(s or 0), tzinfo=tz).astimezone(zone)
    return t.strftime("%Y-%m-%dT%H:%M:%S") + zone_text


def build_database(path):
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA foreign_keys = ON")
    migrations = sorted(glob.glob(os.path.join(SCHEMA, "migrations", "*.sql")))
    # All migrations in one transaction, as the application applies them.
    script = "BEGIN;\n"
    for m in migrations:
        with open(m, encoding="utf-8") as f:
            script += f.read() + "\n;\n"
    db.executescript(script + "COMMIT;\n")
    zone = db.execute("SELECT value FROM settings WHERE key = 'event_zone'").fetchone()[0]
    db.execute("INSERT INTO loads (id, started_at, finished_at) VALUES (1, '2021-09-01T00:00:00Z', "
               "'2021-09-01T00:00:01Z')")
    db.execute("BEGIN")
    for kind in KINDS:
        with open(os.path.join(HERE, kind + ".csv"), newline="", encoding="utf-8-sig") as f:
            reader = csv.reader(f)
            header = next(reader)
            for row_number, row in enumerate(reader, start=1):
                if len(row) != len(header):
                    raise ValueError("%s.csv:%d: %d cells for %d columns" % (kind, row_number + 1, len(row),
                                                                            len(header)))
                columns, values = [], []
                for column, cell in zip(header, row):
                    if cell == "":
                        if (kind, column) in DEFAULTS:
                            cell = DEFAULTS[(kind, column)]
                        else:
                            columns.append(column)
                            values.append(None)
                            continue
                    if column in TIME_COLUMNS:
                        value = canonical_time(cell, zone)
                    elif column in INTEGER_COLUMNS:
                        value = int(cell)
                    elif column in REAL_COLUMNS:
                        value = float(cell)
                    else:
                        value = cell
                    columns.append(column)
                    values.append(value)
                columns += ["load_id", "load_row"]
                values += [1, row_number]
                db.execute("INSERT INTO %s (%s) VALUES (%s)" % (kind, ", ".join(columns),
                                                                 ", ".join("?" * len(values))), values)
    db.execute("COMMIT")
    refresh = os.path.join(SCHEMA, "refresh", "derived.sql")
    if os.path.exists(refresh):
        # What the loader does at the end of a load: bring the derived tables
        # up to date for the cases it touched (here every case).
        with open(refresh, encoding="utf-8") as f:
            db.executescript("BEGIN;\nCREATE TEMP TABLE touched_cases (case_id TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID;\n"
                             "INSERT INTO temp.touched_cases SELECT id FROM cases;\n"
                             + f.read() + "\nDROP TABLE temp.touched_cases;\nCOMMIT;\n")
    problems = db.execute("PRAGMA foreign_key_check").fetchall()
    if problems:
        raise ValueError("foreign key problems: %r" % problems)
    for rule, sql in RULES:
        bad = db.execute(sql).fetchall()
        if bad:
            raise ValueError("fixture breaks a rule of docs/data-model.md (%s): %r" % (rule, bad))
    return db, zone


# Rules of docs/data-model.md the loader enforces beyond the schema's CHECKs: the fixture must keep them.
RULES = [
    ("attempt people <= case size",
     "SELECT a.id FROM attempts a JOIN cases c ON c.id = a.case_id WHERE a.people > c.size"),
    ("attempt's escort run on the attempt's route",
     "SELECT a.id FROM attempts a JOIN escort_runs e ON e.id = a.escort_run_id WHERE e.route_id <> a.route_id"),
    ("arrived_at >= departed_at",
     "SELECT id FROM escort_runs WHERE arrived_at IS NOT NULL AND "
     "unixepoch(CASE WHEN length(arrived_at) = 10 THEN arrived_at || 'T00:00:00Z' ELSE substr(arrived_at, 1, 19) END) < "
     "unixepoch(CASE WHEN length(departed_at) = 10 THEN departed_at || 'T00:00:00Z' ELSE substr(departed_at, 1, 19) END)"),
]


HEADER_RE = re.compile(r"^--\s*(title|description|param|booleans):\s*(.*)$")


def parse_report(path):
    """-> dict(title, description, params=[(name, type, rest)], booleans=set(), sql)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    info = {"title": None, "description": None, "params": [], "booleans": set()}
    body = []
    in_header = True
    for line in text.splitlines():
        m = HEADER_RE.match(line) if in_header else None
        if m:
            key, value = m.group(1), m.group(2).strip()
            if key == "param":
                parts = value.split(None, 2)
                info["params"].append((parts[0], parts[1], parts[2] if len(parts) > 2 else ""))
            elif key == "booleans":
                info["booleans"] = {b.strip() for b in value.split(",") if b.strip()}
            else:
                info[key] = value
            continue
        if in_header and line.startswith("--"):
            continue
        in_header = False
        body.append(line)
    info["sql"] = "\n".join(body).strip()
    return info


def render(value, is_bool):
    if value is None:
        return ""
    if is_bool:
        if value not in (0, 1):
            raise ValueError("boolean column holds %r" % (value,))
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)  # shortest round-trip, as Swift's Double.description
    if isinstance(value, bytes):
        raise ValueError("blob in report output")
    return str(value)


def parse_expected_name(file_name):
    stem = file_name[:-len(".csv")]
    parts = stem.split("--")
    params = {}
    for p in parts[1:]:
        key, _, value = p.partition("=")
        params[key] = value
    return parts[0], params


def main():
    failures = 0
    tmp = tempfile.mkdtemp(prefix="passage-check-")
    db_path = os.path.join(tmp, "small.db")
    db, zone = build_database(db_path)
    db.execute("PRAGMA query_only = ON")

    report_files = sorted(glob.glob(os.path.join(SCHEMA, "reports", "*.sql")))
    names = {os.path.basename(p)[:-4] for p in report_files}
    for listed in LISTED:
        if listed not in names:
            print("MISSING report file Schema/reports/%s.sql" % listed)
            failures += 1

    checked = set()
    for expected_path in sorted(glob.glob(os.path.join(EXPECTED, "*.csv"))):
        file_name = os.path.basename(expected_path)
        name, given = parse_expected_name(file_name)
        sql_path = os.path.join(SCHEMA, "reports", name + ".sql")
        if not os.path.exists(sql_path):
            sql_path = os.path.join(SCHEMA, "queries", name + ".sql")
        if not os.path.exists(sql_path):
            print("NO SQL for %s" % file_name)
            failures += 1
            continue
        info = parse_report(sql_path)
        if not info["title"] or not info["description"]:
            print("HEADER %s: title and description are required" % sql_path)
            failures += 1
        declared = {p[0]: p for p in info["params"]}
        unknown = set(given) - set(declared)
        if unknown:
            print("PARAMS %s: not declared in %s: %s" % (file_name, sql_path, sorted(unknown)))
            failures += 1
            continue
        bindings = {}
        for pname, ptype, rest in info["params"]:
            value = given.get(pname)
            if value is not None and ptype == "time":
                value = canonical_time(value, zone)
            elif value is not None and ptype == "date":
                datetime.strptime(value, "%Y-%m-%d")
            if value is None and ptype == "time" and rest.startswith("default now"):
                value = datetime.now(parse_offset(zone)).strftime("%Y-%m-%dT%H:%M:%S") + zone
            bindings[pname] = value
        try:
            started = time.perf_counter()
            cursor = db.execute(info["sql"], bindings)
            rows = cursor.fetchall()
            elapsed = time.perf_counter() - started
            columns = [d[0] for d in cursor.description]
            for forbidden in ("label", "notes"):
                if forbidden in columns:
                    raise ValueError("column %r must never appear in a report" % forbidden)
            buf = io.StringIO()
            w = csv.writer(buf, lineterminator="\n")
            w.writerow(columns)
            for row in rows:
                w.writerow([render(v, c in info["booleans"]) for c, v in zip(columns, row)])
            actual = buf.getvalue()
        except (sqlite3.Error, ValueError) as e:
            print("ERROR %s: %s" % (file_name, e))
            failures += 1
            continue
        with open(expected_path, encoding="utf-8", newline="") as f:
            expected = f.read()
        checked.add(name)
        if actual != expected:
            failures += 1
            print("DIFF %s" % file_name)
            sys.stdout.writelines(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                                       "expected/" + file_name, "actual"))
        else:
            print("ok   %s (%d rows, %.1f ms)" % (file_name, len(rows), elapsed * 1000))
            if VERBOSE:
                sys.stdout.write(actual)
    for listed in LISTED:
        if listed not in checked:
            print("UNCHECKED report %s: no expected file" % listed)
            failures += 1
    db.close()
    for f in os.listdir(tmp):
        os.remove(os.path.join(tmp, f))
    os.rmdir(tmp)
    print("%s: %d difference(s) or problem(s)" % ("FAIL" if failures else "PASS", failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
