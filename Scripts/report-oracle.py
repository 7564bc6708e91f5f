#!/usr/bin/env python3
"""An independent oracle for the canned reports (docs/reports.md).

It computes every report from the CSV files given to `passage load`, never
from a database or from Passage's SQL, so that Scripts/report-check can
compare the two byte for byte. Python 3 standard library only.

    Scripts/report-oracle.py NAME [--zone ±HH:MM] [--param KEY=VALUE]... \\
        --load PATH... [--load PATH...]...

Each --load is one `passage load` command (its folders and files, in the
order given); NAME is a canned report; the output is what
`passage report NAME --format csv` prints.

What it implements from docs/:
  - data-model.md: the record kinds' defaults (`reliability`, `status`,
    `verification`); times as instants, a time without an offset local to
    the event zone, a date alone local midnight that stays date-only;
  - loading.md: a folder loads its `KIND.csv` / `NAME.KIND.csv` files, files
    of one kind in the order given; a row whose id exists replaces the record;
  - reports.md: times printed in the event zone with its offset, date-only
    values as YYYY-MM-DD, booleans as true/false, null as an empty cell;
  - reports.md: the definitions (route and muster point of an attempt,
    current status, resolved, people of an attempt), the nine reports with
    their columns and orders, and the precise points (sums over nothing 0,
    times and ratios over nothing null, rounding half away from zero,
    nearest-rank percentiles, code point order with nulls first, "loaded
    last" as a later command or a later row of the same kind's files).

The readings docs/reports.md and docs/loading.md write down where a
definition alone leaves a choice:
  - Times compare as instants: a date-only value ties with local midnight,
    and the tie goes by load order where a definition says so.
  - "Loaded last" is where a record was last written: a reloaded row that
    changes the record moves it to its new load's position; an unchanged
    row leaves it where it was (the database "is left as it was").
  - unresolved: as_of only feeds days_since_activity, the floor of the days
    (negative when as_of is earlier), null with no activity time at all;
    last_activity_at is the latest of the attempts and outcomes, else
    registered_at; the latest attempt is the greatest time, on a tie the
    one loaded last, and a straight-to-gate route gives an empty muster
    point; ordered by last_activity_at as an instant, empty first.
  - entries-per-route: from/to select runs by departed_at and attempts by
    attempted_at, each on its own; every count is over the selected attempts.
  - outcomes-by-muster-point: turned_away_incidents counts the turned-away
    incidents naming the muster point, whatever their attempt.
  - outcomes: with muster_point, attempts_here and admitted_here count only
    the attempts through it; status `none` is the cases with no outcome.
  - turned-away: the category is that of the incident's own case_id; after
    the documented keys, rows are ordered by place_kind.
  - daily-entries: a date appears with any attempt (any result) or run.
  - time-to-entry: the first admitted attempt is the earliest admitted one,
    on a tie the one loaded first; attempts before it are those strictly
    earlier; median, p90 and max are taken on exact seconds and rounded to
    1 decimal.
  - escort-runs: people_escorted counts an empty `people` as 0.
  - data-quality: exactly the four findings of docs/reports.md, one row per
    offending record, with Passage's fixed problem sentences (copied below
    from Schema/reports/data-quality.sql and Schema/refresh/derived.sql);
    "a resolved outcome after" an admitted attempt is at or after it;
    "a later still_in_country" is a greater time, or the same time and
    loaded later, reported once on the resolved outcome; an escort run with
    empty `people` is never below; a turned-away incident is checked only
    when it names an attempt.

One choice the definitions leave open ("which of the two texts a min/max
column prints" when two values are the same instant): this oracle follows
what Passage prints today, since its stored texts order that way: at one
instant a date-only value ranks before a full time, so first_entry_at
shows the date and last_entry_at the full time; last_activity_at takes the
later of the latest attempt and the current outcome (each picked by its
own tie rule), the full time when they are the same instant. A change
there in Passage fails Scripts/report-check: change this rule with it.
"""

import argparse
import csv
import io
import math
import os
import re
import sys
from datetime import date, datetime, timedelta, timezone
from fractions import Fraction

# The kinds, their column types and defaults: Passage's description
# (Schema/kinds.json), not a meaning of the reports.
from passage_kinds import DEFAULTS, INTEGER_COLUMNS, KINDS, REAL_COLUMNS, TIME_COLUMNS

CATEGORIES = ["us_citizen", "lpr", "siv", "p1p2", "afghan_at_risk", "third_country", "other"]
STATUSES = ["still_in_country", "entered_airport", "departed", "at_transit_site", "arrived",
            "withdrawn", "deceased", "unknown"]
RESOLVED = {"entered_airport", "departed", "at_transit_site", "arrived", "withdrawn", "deceased"}

# Passage's fixed data-quality sentences (the only text taken from its sources).
PROBLEM_ADMITTED = "admitted attempt with no resolved outcome after it"
PROBLEM_SETBACK = "resolved outcome followed by a later still_in_country"
PROBLEM_RUN = "escort run people below the people of its admitted attempts"
PROBLEM_INCIDENT = "turned-away incident whose attempt's result is not turned_away"


# ---------------------------------------------------------------------------
# Times (docs/data-model.md)

TIME_RE = re.compile(r"(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d))?(Z|[+-]\d\d:\d\d)?)?")


def parse_zone(text):
    match = re.fullmatch(r"([+-])(\d\d):(\d\d)", text)
    if not match:
        raise ValueError(f"bad zone {text!r}")
    minutes = int(match.group(2)) * 60 + int(match.group(3))
    return timezone(timedelta(minutes=-minutes if match.group(1) == "-" else minutes))


class Time:
    """A stored time: its instant, in the event zone, and whether it is a date alone."""

    __slots__ = ("instant", "date_only")

    def __init__(self, instant, date_only):
        self.instant = instant
        self.date_only = date_only

    def __eq__(self, other):
        return isinstance(other, Time) and (self.instant, self.date_only) == (other.instant, other.date_only)

    def text_rank(self):
        # Which text a min/max prints at one instant: the date before the full time.
        return (self.instant, not self.date_only)

    def local_date(self):
        return self.instant.date()

    def render(self):
        if self.date_only:
            return self.instant.date().isoformat()
        return self.instant.isoformat(timespec="seconds")


def parse_time(text, zone):
    match = TIME_RE.fullmatch(text.strip())
    if not match:
        raise ValueError(f"bad time {text!r}")
    year, month, day, hour, minute, second, offset = match.groups()
    if offset is None:
        given = zone
    elif offset == "Z":
        given = timezone.utc
    else:
        given = parse_zone(offset)
    instant = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0),
                       int(second or 0), tzinfo=given)
    return Time(instant.astimezone(zone), hour is None)


def latest(times):
    times = [t for t in times if t is not None]
    return max(times, key=Time.text_rank) if times else None


def earliest(times):
    times = [t for t in times if t is not None]
    return min(times, key=Time.text_rank) if times else None


# ---------------------------------------------------------------------------
# Loading (docs/loading.md)

def kind_of(name):
    """The kind a file name gives: its stem, or the last dotted part before .csv."""
    if not name.endswith(".csv"):
        return None
    kind = name[:-len(".csv")].rsplit(".", 1)[-1]
    return kind if kind in KINDS else None


def command_files(paths):
    """One load command's files in order; a folder gives its recognised files by name."""
    files = []
    for path in paths:
        if os.path.isdir(path):
            files += [os.path.join(path, name) for name in sorted(os.listdir(path))
                      if kind_of(name) and os.path.isfile(os.path.join(path, name))]
        elif kind_of(os.path.basename(path)):
            files.append(path)
        else:
            raise ValueError(f"{path}: not a KIND.csv file")
    return files


def typed(kind, row, zone):
    """A CSV row as a record: empty cells null (or the kind's default), times and numbers typed."""
    record = {}
    for column, text in row.items():
        if column is None or text is None or text == "":
            continue
        if column in TIME_COLUMNS:
            record[column] = parse_time(text, zone)
        elif column in INTEGER_COLUMNS:
            record[column] = int(text)
        elif column in REAL_COLUMNS:
            record[column] = float(text)
        else:
            record[column] = text
    for (default_kind, column), value in DEFAULTS.items():
        if default_kind == kind and column not in record:
            record[column] = value
    return record


def read_loads(loads, zone):
    """kind -> records in "loaded" order, each with its position (load, file, row)."""
    tables = {kind: {} for kind in KINDS}  # kind -> id -> record
    for load_number, paths in enumerate(loads):
        for file_number, path in enumerate(command_files(paths)):
            kind = kind_of(os.path.basename(path))
            with open(path, newline="", encoding="utf-8-sig") as handle:
                for row_number, row in enumerate(csv.DictReader(handle)):
                    record = typed(kind, row, zone)
                    old = tables[kind].get(record["id"])
                    if old is not None and {c: v for c, v in old.items() if c != "position"} == record:
                        record["position"] = old["position"]  # unchanged: keeps its place
                    else:
                        record["position"] = (load_number, file_number, row_number)
                    tables[kind][record["id"]] = record
    return {kind: sorted(table.values(), key=lambda r: r["position"]) for kind, table in tables.items()}


# ---------------------------------------------------------------------------
# The records and the definitions of docs/reports.md

class World:
    def __init__(self, loads, zone_text="+04:30"):
        self.zone = parse_zone(zone_text)
        tables = read_loads(loads, self.zone)
        self.muster_points = tables["muster_points"]
        self.gates = tables["gates"]
        self.routes = tables["routes"]
        self.cases = tables["cases"]
        self.escort_runs = tables["escort_runs"]
        self.attempts = tables["attempts"]
        self.incidents = tables["incidents"]
        self.outcomes = tables["outcomes"]
        self.route = {r["id"]: r for r in self.routes}
        self.case = {c["id"]: c for c in self.cases}
        self.attempt = {a["id"]: a for a in self.attempts}
        self.attempts_of = {c["id"]: [] for c in self.cases}  # in load order
        for a in self.attempts:
            self.attempts_of[a["case_id"]].append(a)
        self.outcomes_of = {c["id"]: [] for c in self.cases}  # in load order
        for o in self.outcomes:
            self.outcomes_of[o["case_id"]].append(o)
        # Current outcome: the greatest occurred_at, on a tie the one loaded last
        # (>= while walking in load order keeps the last of equals).
        self.current = {}
        for case_id, outcomes in self.outcomes_of.items():
            best = None
            for o in outcomes:
                if best is None or o["occurred_at"].instant >= best["occurred_at"].instant:
                    best = o
            self.current[case_id] = best

    def muster_point_of(self, attempt):
        return self.route[attempt["route_id"]].get("muster_point_id")

    def people(self, attempt):
        return attempt.get("people", self.case[attempt["case_id"]]["size"])

    def status(self, case_id):
        outcome = self.current[case_id]
        return outcome["status"] if outcome else "none"

    def resolved(self, case_id):
        return self.status(case_id) in RESOLVED


# ---------------------------------------------------------------------------
# Values and orders

def round_half_away(value, places):
    """Exact rounding half away from zero; the float whose shortest text is the result."""
    value = Fraction(value)
    scaled = abs(value) * 10 ** places
    whole = math.floor(scaled)
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    return float(Fraction(whole if value >= 0 else -whole, 10 ** places))


def render(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Time):
        return value.render()
    if isinstance(value, float):
        return repr(value)  # shortest round-trip text, as Swift's Double.description
    return str(value)


def text_key(text):
    """Code point order, null first."""
    return (text is not None, text or "")


def instant_key(time):
    """Instant order, null first."""
    return (time is not None, time.instant if time else None)


def order(rows, *keys):
    """Sorts by the keys, the first one most significant (stable sorts, last key first)."""
    for key in reversed(keys):
        rows.sort(key=key)
    return rows


# ---------------------------------------------------------------------------
# The reports

def entries_per_route(world, params):
    start = date.fromisoformat(params["from"]) if params.get("from") else None
    end = date.fromisoformat(params["to"]) if params.get("to") else None

    def selected(time):
        day = time.local_date()
        return (start is None or day >= start) and (end is None or day <= end)

    runs = {}
    for run in world.escort_runs:
        if selected(run["departed_at"]):
            runs[run["route_id"]] = runs.get(run["route_id"], 0) + 1
    attempts = {}
    for a in world.attempts:
        if selected(a["attempted_at"]):
            attempts.setdefault(a["route_id"], []).append(a)
    rows = []
    for route in world.routes:
        here = attempts.get(route["id"], [])
        admitted = [a for a in here if a["result"] == "admitted"]
        rows.append([route["id"], route.get("muster_point_id"), route["gate_id"],
                     runs.get(route["id"], 0), len(admitted), len({a["case_id"] for a in admitted}),
                     sum(world.people(a) for a in admitted),
                     sum(1 for a in here if a["result"] == "turned_away"),
                     earliest(a["attempted_at"] for a in admitted),
                     latest(a["attempted_at"] for a in admitted)])
    columns = ["route_id", "muster_point_id", "gate_id", "escort_runs", "admitted_attempts",
               "cases_admitted", "people_admitted", "turned_away_attempts", "first_entry_at",
               "last_entry_at"]
    return columns, order(rows, lambda r: -r[6], lambda r: text_key(r[0]))


def unresolved(world, params, now=None):
    if params.get("as_of"):
        as_of = parse_time(params["as_of"], world.zone).instant
    else:
        as_of = now or datetime.now(timezone.utc)
    category = params.get("category")
    rows = []
    for case in world.cases:
        case_id = case["id"]
        if world.resolved(case_id) or (category is not None and case["category"] != category):
            continue
        attempts = world.attempts_of[case_id]
        last = None  # the latest attempt, on a tie the one loaded last
        for a in attempts:
            if last is None or a["attempted_at"].instant >= last["attempted_at"].instant:
                last = a
        current = world.current[case_id]
        activity = latest([last["attempted_at"] if last else None,
                           current["occurred_at"] if current else None]) or case.get("registered_at")
        days = (as_of - activity.instant) // timedelta(days=1) if activity else None  # a floor
        rows.append([case_id, case["category"], case["size"], world.status(case_id), len(attempts),
                     sum(1 for a in attempts if a["result"] == "turned_away"),
                     last["attempted_at"] if last else None,
                     world.muster_point_of(last) if last else None, activity, days])
    columns = ["case_id", "category", "size", "current_status", "attempts", "turned_away",
               "last_attempt_at", "last_muster_point_id", "last_activity_at", "days_since_activity"]
    return columns, order(rows, lambda r: -r[5], lambda r: instant_key(r[8]), lambda r: text_key(r[0]))


def outcomes_by_muster_point(world, params):
    attempts = {}
    for a in world.attempts:
        attempts.setdefault(world.muster_point_of(a), []).append(a)
    incidents = {}
    for i in world.incidents:
        if i["kind"] == "turned_away" and i.get("muster_point_id"):
            incidents[i["muster_point_id"]] = incidents.get(i["muster_point_id"], 0) + 1
    rows = []
    for point in world.muster_points:
        here = attempts.get(point["id"], [])
        cases = {a["case_id"] for a in here}
        admitted = sum(1 for a in here if a["result"] == "admitted")
        resolved = sum(1 for c in cases if world.resolved(c))
        rows.append([point["id"], point["name"], len(cases), len(here), admitted,
                     sum(1 for a in here if a["result"] == "turned_away"),
                     round_half_away(Fraction(admitted, len(here)), 3) if here else None,
                     incidents.get(point["id"], 0), resolved, len(cases) - resolved,
                     sum(1 for c in cases if world.status(c) == "arrived")])
    columns = ["muster_point_id", "name", "cases", "attempts", "admitted", "turned_away",
               "admission_rate", "turned_away_incidents", "resolved_cases", "unresolved_cases",
               "arrived_cases"]
    return columns, order(rows, lambda r: text_key(r[0]))


def outcomes(world, params):
    point = params.get("muster_point")
    status = params.get("status")
    rows = []
    for case in world.cases:
        attempts = world.attempts_of[case["id"]]
        if point is not None:
            attempts = [a for a in attempts if world.muster_point_of(a) == point]
            if not attempts:
                continue
        if status is not None and world.status(case["id"]) != status:
            continue
        current = world.current[case["id"]] or {}
        rows.append([case["id"], case["category"], case["size"], len(attempts),
                     any(a["result"] == "admitted" for a in attempts), world.status(case["id"]),
                     current.get("occurred_at"), current.get("location")])
    columns = ["case_id", "category", "size", "attempts_here", "admitted_here", "current_status",
               "status_at", "location"]
    return columns, order(rows, lambda r: text_key(r[0]))


def incident_place(i):
    """(place_id, place_kind) of an incident: its muster point, else its gate."""
    if i.get("muster_point_id"):
        return (i["muster_point_id"], "muster_point")
    return (i["gate_id"], "gate")


def turned_away(world, params):
    verifications = ["confirmed", "unconfirmed", "disputed"]
    groups = {}
    for i in world.incidents:
        if i["kind"] != "turned_away":
            continue
        place = incident_place(i)
        category = world.case[i["case_id"]]["category"] if i.get("case_id") else "unknown"
        figures = groups.setdefault(place + (category,), [0, 0, 0, 0, 0])
        figures[0] += 1
        figures[1] += i.get("people_affected", 0)
        figures[2 + verifications.index(i["verification"])] += 1
    rows = [[place, kind, category] + figures for (place, kind, category), figures in groups.items()]
    columns = ["place_id", "place_kind", "category", "incidents", "people_affected", "confirmed",
               "unconfirmed", "disputed"]
    return columns, order(rows, lambda r: -r[3], lambda r: text_key(r[0]), lambda r: text_key(r[2]),
                          lambda r: r[1])


def outcomes_by_gate(world, params):
    gate_of_route = {r["id"]: r["gate_id"] for r in world.routes}
    attempts = {}
    for a in world.attempts:
        attempts.setdefault(gate_of_route[a["route_id"]], []).append(a)
    incidents = {}
    for i in world.incidents:
        if i["kind"] == "turned_away" and not i.get("muster_point_id"):
            incidents[i["gate_id"]] = incidents.get(i["gate_id"], 0) + 1
    rows = []
    for gate in world.gates:
        here = attempts.get(gate["id"], [])
        admitted = sum(1 for a in here if a["result"] == "admitted")
        rows.append([gate["id"], gate["name"], len(here), admitted,
                     sum(1 for a in here if a["result"] == "turned_away"),
                     round_half_away(Fraction(admitted, len(here)), 3) if here else None,
                     incidents.get(gate["id"], 0)])
    columns = ["gate_id", "name", "attempts", "admitted", "turned_away", "admission_rate",
               "turned_away_incidents"]
    return columns, order(rows, lambda r: text_key(r[0]))


def turned_away_documents(world, params):
    groups = {}
    for i in world.incidents:
        if i["kind"] != "turned_away":
            continue
        place = incident_place(i)
        figures = groups.setdefault(place + (i.get("documents") or "unknown",), [0, 0])
        figures[0] += 1
        figures[1] += i.get("people_affected", 0)
    rows = [[place, kind, documents] + figures for (place, kind, documents), figures in groups.items()]
    columns = ["place_id", "place_kind", "documents", "incidents", "people_affected"]
    return columns, order(rows, lambda r: text_key(r[0]), lambda r: r[1], lambda r: text_key(r[2]))


def daily_entries(world, params):
    days = {}
    for run in world.escort_runs:
        days.setdefault(run["departed_at"].local_date(), [0, 0, 0, 0])[0] += 1
    for a in world.attempts:
        figures = days.setdefault(a["attempted_at"].local_date(), [0, 0, 0, 0])
        if a["result"] == "admitted":
            figures[1] += 1
            figures[2] += world.people(a)
        elif a["result"] == "turned_away":
            figures[3] += 1
    rows = [[day.isoformat()] + figures for day, figures in sorted(days.items())]
    return ["date", "escort_runs", "admitted_attempts", "people_admitted", "turned_away_attempts"], rows


def time_to_entry(world, params):
    groups = {}  # muster point -> [(seconds, attempts before)]
    for case in world.cases:
        attempts = world.attempts_of[case["id"]]
        entry = None  # the first admitted attempt, on a tie the one loaded first (strict <)
        for a in attempts:
            if a["result"] == "admitted" and (entry is None or a["attempted_at"].instant < entry["attempted_at"].instant):
                entry = a
        if entry is None:
            continue
        entered = entry["attempted_at"].instant
        first = min(a["attempted_at"].instant for a in attempts)
        before = sum(1 for a in attempts if a["attempted_at"].instant < entered)
        groups.setdefault(world.muster_point_of(entry), []).append((int((entered - first).total_seconds()), before))
    rows = []
    for point, figures in groups.items():
        seconds = sorted(s for s, _ in figures)
        n = len(seconds)

        def hours_at_rank(q):  # nearest rank: the ceil(q·n)-th smallest
            return round_half_away(Fraction(seconds[max(math.ceil(q * n), 1) - 1], 3600), 1)

        rows.append([point, n, hours_at_rank(Fraction(1, 2)), hours_at_rank(Fraction(9, 10)),
                     round_half_away(Fraction(seconds[-1], 3600), 1),
                     round_half_away(Fraction(sum(b for _, b in figures), n), 2)])
    columns = ["muster_point_id", "cases", "median_hours", "p90_hours", "max_hours",
               "mean_attempts_before_entry"]
    return columns, order(rows, lambda r: text_key(r[0]))


def escort_runs(world, params):
    groups = {}
    for run in world.escort_runs:
        figures = groups.setdefault((run["route_id"], run["departed_at"].local_date()), [0, 0, 0, 0])
        figures[0] += 1
        figures[1] += run["status"] == "completed"
        figures[2] += run["status"] == "aborted"
        figures[3] += run.get("people", 0)
    rows = [[route, day.isoformat()] + figures for (route, day), figures in groups.items()]
    columns = ["route_id", "date", "runs", "completed", "aborted", "people_escorted"]
    return columns, order(rows, lambda r: text_key(r[0]), lambda r: r[1])


def data_quality(world, params):
    rows = []
    for a in world.attempts:
        if a["result"] == "admitted" and not any(
                o["status"] in RESOLVED and o["occurred_at"].instant >= a["attempted_at"].instant
                for o in world.outcomes_of[a["case_id"]]):
            rows.append(["attempts", a["id"], PROBLEM_ADMITTED])
    for o in world.outcomes:
        if o["status"] in RESOLVED and any(
                s["status"] == "still_in_country"
                and (s["occurred_at"].instant, s["position"]) > (o["occurred_at"].instant, o["position"])
                for s in world.outcomes_of[o["case_id"]]):
            rows.append(["outcomes", o["id"], PROBLEM_SETBACK])
    admitted_people = {}
    for a in world.attempts:
        if a["result"] == "admitted" and a.get("escort_run_id"):
            admitted_people[a["escort_run_id"]] = admitted_people.get(a["escort_run_id"], 0) + world.people(a)
    for run in world.escort_runs:
        if "people" in run and run["people"] < admitted_people.get(run["id"], 0):
            rows.append(["escort_runs", run["id"], PROBLEM_RUN])
    for i in world.incidents:
        if i["kind"] == "turned_away" and i.get("attempt_id") \
                and world.attempt[i["attempt_id"]]["result"] != "turned_away":
            rows.append(["incidents", i["id"], PROBLEM_INCIDENT])
    return ["kind", "id", "problem"], sorted(rows)


REPORTS = {
    "entries-per-route": entries_per_route,
    "unresolved": unresolved,
    "outcomes-by-muster-point": outcomes_by_muster_point,
    "outcomes": outcomes,
    "turned-away": turned_away,
    "turned-away-documents": turned_away_documents,
    "outcomes-by-gate": outcomes_by_gate,
    "daily-entries": daily_entries,
    "time-to-entry": time_to_entry,
    "escort-runs": escort_runs,
    "data-quality": data_quality,
}


def report_csv(world, name, params, now=None):
    """The report as `passage report NAME --format csv` prints it; `now` stands for as_of's default."""
    function = REPORTS[name]
    columns, rows = function(world, params, now) if function is unresolved else function(world, params)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([render(value) for value in row])
    return out.getvalue()


def main():
    parser = argparse.ArgumentParser(description="Compute a canned report (docs/reports.md) from the CSV files of loads.")
    parser.add_argument("name", choices=sorted(REPORTS))
    parser.add_argument("--zone", default="+04:30", help="the database's event zone (default +04:30)")
    parser.add_argument("--param", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--load", action="append", nargs="+", required=True, metavar="PATH",
                        help="one load command's folders and files; repeat for later loads")
    args = parser.parse_args()
    if any("=" not in p for p in args.param):
        parser.error("a --param is KEY=VALUE")
    params = dict(p.split("=", 1) for p in args.param)
    sys.stdout.write(report_csv(World(args.load, args.zone), args.name, params))


if __name__ == "__main__":
    main()
