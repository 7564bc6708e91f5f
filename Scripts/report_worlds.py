"""Small hand-made data sets ("worlds") for Scripts/report-check.

Each is built to put the report rules on their edges: ties of time and of
load order, date-only values against full times, times written in other
offsets that fall on another local date, nearest-rank percentiles, half
rounding, code point order, reloads that change a record (or leave it as it
was), records that move to another case, route or place. A function writes
its world's CSV files under a folder and returns its loads: one list of
paths per `passage load` command, in order. Everything is deterministic.
Python 3 standard library only.
"""

import csv
import os
import random

from passage_kinds import COLUMNS  # each kind's columns, in order
STATUSES = ["still_in_country", "entered_airport", "departed", "at_transit_site", "arrived", "withdrawn",
            "deceased", "unknown"]


def write_csv(path, columns, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([row.get(column, "") for column in columns])


class Load:
    """The rows of one load command, by kind, in the order they are added."""

    def __init__(self):
        self.rows = {kind: [] for kind in COLUMNS}

    def add(self, record_kind, **fields):
        self.rows[record_kind].append({column: str(value) for column, value in fields.items()})

    def case(self, id, category="lpr", size=3, registered_at=""):
        self.add("cases", id=id, category=category, size=size, registered_at=registered_at)

    def attempt(self, id, case_id, route_id, attempted_at, result, people="", escort_run_id=""):
        self.add("attempts", id=id, case_id=case_id, route_id=route_id, attempted_at=attempted_at,
                 result=result, people=people, escort_run_id=escort_run_id)

    def outcome(self, id, case_id, status, occurred_at, location=""):
        self.add("outcomes", id=id, case_id=case_id, status=status, occurred_at=occurred_at, location=location)

    def save(self, folder):
        """Writes KIND.csv for every kind with rows; returns the folder."""
        for kind, rows in self.rows.items():
            if rows:
                write_csv(os.path.join(folder, kind + ".csv"), COLUMNS[kind], rows)
        return folder


def ties_and_reloads(base):
    """Ties within a file and across loads, date-only against midnight, local midnight
    crossed by other offsets, data-quality edges, rounding of admission rates,
    code point order of ids, a reload that changes a row and one that does not."""
    first, second = Load(), Load()
    first.add("sources", id="S1", kind="network")
    for id in ["a", "B", "1", "Z", "MP-none", "_x"]:
        first.add("muster_points", id=id, name="mp " + id)
    first.add("gates", id="G1", name="g1")
    first.add("gates", id="g0", name="g0")
    for id, point, gate in [("r-a", "a", "G1"), ("R-B", "B", "G1"), ("9", "", "G1"), ("10", "", "g0"),
                            ("R-1", "1", "G1"), ("R-Z", "Z", "G1"), ("R-empty", "MP-none", "G1")]:
        first.add("routes", id=id, muster_point_id=point, gate_id=gate)
    f = first
    # Current outcome ties: in one file; across loads in another offset; a reload
    # that changes a tied outcome (it becomes loaded last) and one that does not.
    f.case("c-tie"); f.attempt("a-tie", "c-tie", "r-a", "2021-08-26T10:00", "admitted")
    f.outcome("o-t1", "c-tie", "arrived", "2021-08-28T10:00", "X")
    f.outcome("o-t2", "c-tie", "still_in_country", "2021-08-28T10:00", "Y")
    f.case("c-tie2", "siv")
    f.outcome("o-u1", "c-tie2", "still_in_country", "2021-08-28T10:00")
    f.outcome("o-u2", "c-tie2", "departed", "2021-08-28T05:30Z", "HKIA")
    f.case("c-reload", "siv")
    f.outcome("o-r1", "c-reload", "arrived", "2021-08-29T12:00", "A")
    f.outcome("o-r2", "c-reload", "unknown", "2021-08-29T12:00", "B")
    f.case("c-rs", "siv")
    f.outcome("o-s1", "c-rs", "arrived", "2021-08-29T12:00", "A")
    f.outcome("o-s2", "c-rs", "unknown", "2021-08-29T12:00", "B")
    # Date-only against a full time on the same day (and the same instant).
    f.case("c-date", "us_citizen", 2, "2021-08-20")
    f.outcome("o-d1", "c-date", "still_in_country", "2021-08-27T00:00")
    f.outcome("o-d2", "c-date", "unknown", "2021-08-27")
    f.case("c-date2", "us_citizen", 2)
    f.outcome("o-e1", "c-date2", "unknown", "2021-08-27")
    f.outcome("o-e2", "c-date2", "still_in_country", "2021-08-26T19:30Z")
    f.case("c-date3", "us_citizen", 2)
    f.outcome("o-f1", "c-date3", "still_in_country", "2021-08-27")
    f.outcome("o-f2", "c-date3", "unknown", "2021-08-27T09:00")
    # Attempts around local midnight written in UTC and -05:00; a date-only
    # admission and a midnight one at the same instant.
    f.case("c-mid", "p1p2", 4)
    f.attempt("a-m1", "c-mid", "R-B", "2021-08-27T19:29:59Z", "turned_away")
    f.attempt("a-m2", "c-mid", "R-B", "2021-08-27T19:30Z", "turned_away")
    f.attempt("a-m3", "c-mid", "R-B", "2021-08-27T15:00-05:00", "admitted", 1)
    f.attempt("a-m4", "c-mid", "R-B", "2021-08-28", "admitted", 2)
    f.attempt("a-m5", "c-mid", "R-B", "2021-08-28 00:00", "admitted", 1)
    f.outcome("o-m1", "c-mid", "entered_airport", "2021-08-28")
    # Straight to the gate; an outcome at the very instant of the admission.
    f.case("c-gate", "third_country", 5)
    f.attempt("a-g1", "c-gate", "9", "2021-08-25T08:00", "turned_away")
    f.attempt("a-g2", "c-gate", "9", "2021-08-25T09:03", "admitted")
    f.outcome("o-g1", "c-gate", "entered_airport", "2021-08-25T09:03")
    f.case("c-gate2", "third_country", 2)
    f.attempt("a-h1", "c-gate2", "10", "2021-08-25T08:00", "admitted")
    # Latest attempt ties: a muster point route against a straight one, both ways.
    f.case("c-lt")
    f.attempt("a-lt1", "c-lt", "R-B", "2021-08-24T08:00", "turned_away")
    f.attempt("a-lt2", "c-lt", "9", "2021-08-24T08:00", "turned_away")
    f.case("c-lt2")
    f.attempt("a-lu1", "c-lt2", "9", "2021-08-24T08:00", "turned_away")
    f.attempt("a-lu2", "c-lt2", "R-B", "2021-08-24T03:30Z", "turned_away")
    # last_activity_at between an attempt and an outcome at one instant.
    f.case("c-act", "lpr", 1, "2021-08-30T10:00")
    f.attempt("a-ac1", "c-act", "R-Z", "2021-08-24T00:00", "turned_away")
    f.outcome("o-ac1", "c-act", "still_in_country", "2021-08-24")
    f.case("c-act2", "lpr", 1)
    f.attempt("a-ad1", "c-act2", "R-Z", "2021-08-24", "turned_away")
    f.outcome("o-ad1", "c-act2", "still_in_country", "2021-08-24T00:00")
    # No activity; only a registration (date-only, in UTC).
    f.case("c-none", "other", 1)
    f.case("c-reg", "other", 1, "2021-08-22")
    f.case("c-regz", "other", 1, "2021-08-31T21:00Z")
    # Resolved, then still_in_country: later, at the same time, after another resolved.
    f.case("c-rsic", "afghan_at_risk")
    f.outcome("o-x1", "c-rsic", "entered_airport", "2021-08-26T10:00")
    f.outcome("o-x2", "c-rsic", "still_in_country", "2021-08-26T11:00")
    f.case("c-rsic2", "afghan_at_risk")
    f.outcome("o-y1", "c-rsic2", "entered_airport", "2021-08-26T10:00")
    f.outcome("o-y2", "c-rsic2", "still_in_country", "2021-08-26T10:00")
    f.case("c-rsic3", "afghan_at_risk")
    f.outcome("o-z1", "c-rsic3", "departed", "2021-08-26T10:00")
    f.outcome("o-z2", "c-rsic3", "withdrawn", "2021-08-26T12:00")
    f.outcome("o-z3", "c-rsic3", "still_in_country", "2021-08-27T10:00")
    # Admitted with a resolved outcome only before it.
    f.case("c-bef")
    f.attempt("a-b1", "c-bef", "R-1", "2021-08-26T10:00", "admitted")
    f.outcome("o-b1", "c-bef", "arrived", "2021-08-26T09:00")
    # Escort runs: none of their attempts; empty people; 0 and equal people.
    for run in [dict(id="E-none", route_id="r-a", escort="taliban", departed_at="2021-08-26T19:29Z",
                     status="completed", people=7),
                dict(id="E-null", route_id="r-a", escort="taliban", departed_at="2021-08-26T19:31Z"),
                dict(id="E-zero", route_id="R-1", escort="private", departed_at="2021-08-26T09:00", people=0,
                     status="aborted"),
                dict(id="E-eq", route_id="R-1", escort="private", departed_at="2021-08-26T09:00", people=3,
                     status="aborted"),
                dict(id="E-date", route_id="9", escort="us_forces", departed_at="2021-08-25", people=3)]:
        f.add("escort_runs", **run)
    f.case("c-run", size=3)
    f.attempt("a-r1", "c-run", "R-1", "2021-08-26T09:30", "admitted", "", "E-zero")
    f.attempt("a-r2", "c-run", "R-1", "2021-08-26T09:30", "admitted", "", "E-eq")
    f.outcome("o-run", "c-run", "arrived", "2021-08-30")
    f.attempt("a-r3", "c-run", "R-1", "2021-08-26T09:30", "turned_away", 2, "E-zero")
    # Incidents: at a muster point and a gate, with no case, none people, another kind.
    for incident in [dict(id="i1", kind="turned_away", occurred_at="2021-08-27", muster_point_id="B", gate_id="G1",
                          case_id="c-mid", attempt_id="a-m1", people_affected=4, verification="confirmed"),
                     dict(id="i2", kind="turned_away", occurred_at="2021-08-27", gate_id="G1", attempt_id="a-m3"),
                     dict(id="i3", kind="turned_away", occurred_at="2021-08-27", gate_id="g0", case_id="c-gate",
                          people_affected=0, verification="disputed"),
                     dict(id="i4", kind="security", occurred_at="2021-08-27", muster_point_id="B"),
                     dict(id="i5", kind="turned_away", occurred_at="2021-08-27", muster_point_id="MP-none",
                          case_id="c-none"),
                     dict(id="i6", kind="turned_away", occurred_at="2021-08-27", muster_point_id="a",
                          case_id="c-tie", attempt_id="a-tie")]:
        f.add("incidents", **incident)
    # Admission rates at a half: 5/16 at "a" (after the reload), 0/15 then 1/16 at "Z".
    for k in range(15):
        f.case("rA%02d" % k, "siv", 1)
        f.attempt("ra%02d" % k, "rA%02d" % k, "r-a", "2021-08-24T%02d:00" % k, "admitted" if k < 4 else "turned_away")
    for k in range(15):
        f.case("rZ%02d" % k, "siv", 1)
        f.attempt("rz%02d" % k, "rZ%02d" % k, "R-Z", "2021-08-24T%02d:00" % k, "turned_away")
    # time-to-entry in minutes at muster point "1".
    for k, minutes in enumerate([21, 27, 9, 3, 63, 135, 45, 75]):
        case = "t%02d" % k
        f.case(case, "siv", 1)
        f.attempt(case + "x", case, "R-1", "2021-08-20T10:00", "turned_away")
        f.attempt(case + "y", case, "R-1", "2021-08-20T%02d:%02d" % (10 + minutes // 60, minutes % 60), "admitted")
        f.outcome(case + "o", case, "arrived", "2021-08-30")
    s = second
    s.outcome("o-u3", "c-tie2", "withdrawn", "2021-08-28T09:00+03:30")
    s.outcome("o-r1", "c-reload", "arrived", "2021-08-29T12:00", "A2")
    s.outcome("o-s1", "c-rs", "arrived", "2021-08-29T12:00", "A")
    s.attempt("rz00", "rZ00", "R-Z", "2021-08-24T00:00", "admitted")
    return [[first.save(os.path.join(base, "l1"))], [second.save(os.path.join(base, "l2"))]]


def offsets_and_percentiles(base):
    """Nearest-rank percentiles for 1 to 60 cases; admission rates 0.0005 and
    0.5005 (half up to 0.001 and 0.501); orders and current outcomes between
    times written in other offsets; a reload that changes a route's muster
    point, a case's size and category, an attempt's result."""
    first, second = Load(), Load()
    f = first
    f.add("muster_points", id="M", name="m")
    for n in range(1, 61):
        f.add("muster_points", id="P%02d" % n, name="p")
    f.add("muster_points", id="Q1", name="q")
    f.add("muster_points", id="Q2", name="q")
    f.add("gates", id="G", name="g")
    f.add("routes", id="RM", muster_point_id="M", gate_id="G")
    f.add("routes", id="RS", gate_id="G")
    # Muster point P<n> has n cases admitted after 0.1, 0.2, ... n/10 hours.
    for n in range(1, 61):
        f.add("routes", id="RP%02d" % n, muster_point_id="P%02d" % n, gate_id="G")
        for k in range(1, n + 1):
            case = "p%02d_%02d" % (n, k)
            f.case(case, "siv", 1)
            f.attempt(case + "a", case, "RS", "2021-08-20T00:00", "turned_away")
            f.attempt(case + "b", case, "RP%02d" % n, "2021-08-20T%02d:%02d" % (6 * k // 60, 6 * k % 60), "admitted")
            f.outcome(case + "o", case, "arrived", "2021-08-31")
    f.add("routes", id="RQ1", muster_point_id="Q1", gate_id="G")
    f.add("routes", id="RQ2", muster_point_id="Q2", gate_id="G")
    f.case("cq", "other", 1)
    for k in range(2000):
        f.attempt("q1_%04d" % k, "cq", "RQ1", "2021-08-18T10:00", "admitted" if k == 0 else "aborted")
        f.attempt("q2_%04d" % k, "cq", "RQ2", "2021-08-18T10:00", "admitted" if k < 1001 else "no_show")
    f.outcome("cqo", "cq", "arrived", "2021-08-31")
    # unresolved ordered by last_activity_at as instants written in other offsets.
    for case, time in [("u1", "2021-08-24T10:00+04:30"), ("u2", "2021-08-24T06:00Z"), ("u3", "2021-08-24T09:00+08:00"),
                       ("u4", "2021-08-25"), ("u5", "2021-08-24T21:00Z"), ("u6", "2021-08-24T23:00")]:
        f.case(case, "lpr", 1)
        f.attempt(case + "a", case, "RM", time, "aborted")
    f.case("u7", "lpr", 1, "2021-08-24T12:00-07:00")
    f.case("u8", "lpr", 1, "2021-08-25")
    # Current status where the later instant is the smaller text (s), or where
    # both are the same instant in other texts: the one loaded later wins (t).
    for case, a, b in [("s1", ("arrived", "2021-08-27T21:00Z"), ("still_in_country", "2021-08-28")),
                       ("s2", ("arrived", "2021-08-28T10:00+04:30"), ("still_in_country", "2021-08-28T06:00Z")),
                       ("s3", ("still_in_country", "2021-08-28T06:00Z"), ("arrived", "2021-08-28T13:00+09:00")),
                       ("s4", ("still_in_country", "2021-08-28T10:00+04:30"), ("arrived", "2021-08-28T01:00-05:00")),
                       ("t1", ("arrived", "2021-08-28T13:00+09:00"), ("still_in_country", "2021-08-28T04:00Z")),
                       ("t2", ("still_in_country", "2021-08-28T04:00Z"), ("arrived", "2021-08-28T08:30"))]:
        f.case(case, "lpr", 1)
        f.outcome(case + "a", case, *a)
        f.outcome(case + "b", case, *b)
    # First and last entry, and time to entry, across offsets.
    f.case("f1", "siv", 2)
    f.attempt("f1a", "f1", "RM", "2021-08-24T23:00", "admitted")
    f.attempt("f1z", "f1", "RS", "2021-08-24T22:00+03:00", "turned_away")
    f.case("f2", "siv", 2)
    f.attempt("f2a", "f2", "RM", "2021-08-24T19:00Z", "admitted")
    f.case("f3", "siv", 2)
    f.attempt("f3a", "f3", "RM", "2021-08-25T02:00+08:00", "admitted")
    f.case("f4", "siv", 2)
    f.attempt("f4a", "f4", "RM", "2021-08-25", "admitted")
    f.attempt("f4b", "f4", "RM", "2021-08-24T21:00Z", "admitted")
    # Runs a second either side of local midnight, one in +09:00.
    f.add("escort_runs", id="e1", route_id="RM", escort="taliban", departed_at="2021-08-24T19:30Z", people=5,
          status="completed")
    f.add("escort_runs", id="e2", route_id="RM", escort="taliban", departed_at="2021-08-24T19:29:59Z", people=5,
          status="completed")
    f.add("escort_runs", id="e3", route_id="RM", escort="taliban", departed_at="2021-08-25T03:00+09:00",
          status="aborted")
    second.add("routes", id="RS", muster_point_id="Q2", gate_id="G")
    second.case("f2", "us_citizen", 7)
    second.attempt("u1a", "u1", "RM", "2021-08-24T10:00+04:30", "turned_away")
    # The same instant in other words: unchanged, so t2a stays loaded first.
    second.outcome("t2a", "t2", "still_in_country", "2021-08-28T08:30+04:30")
    return [[first.save(os.path.join(base, "l1"))], [second.save(os.path.join(base, "l2"))]]


def rounding(base):
    """Means of attempts before entry at a half (3/40, 29/200, 1/8, 5/8, 1/3, 1/6)
    and hours at a half (87 and 159 minutes, 179 and 180 seconds, 3:02:59)."""
    load = Load()
    groups = {"A": (40, 3), "B": (200, 29), "C": (8, 1), "D": (8, 5), "E": (3, 1), "F": (6, 1)}
    seconds = [87 * 60, 159 * 60, 179, 180, 3 * 3600 + 2 * 60 + 59]
    hours_points = ["H%d" % i for i in range(len(seconds))]
    for point in list(groups) + ["H"] + hours_points:
        load.add("muster_points", id=point, name=point.lower() if point == "H" else point)
    load.add("gates", id="G", name="g")
    for point in groups:
        load.add("routes", id="R" + point, muster_point_id=point, gate_id="G")
    load.add("routes", id="RH", muster_point_id="H", gate_id="G")
    load.add("routes", id="RS", gate_id="G")
    for point in hours_points:
        load.add("routes", id="R" + point, muster_point_id=point, gate_id="G")
    for point, (n, before) in groups.items():
        for k in range(n):
            case = "%s%03d" % (point, k)
            load.case(case, "siv", 2)
            if k < before:
                load.attempt(case + "x", case, "RS", "2021-08-20T10:00", "turned_away")
            load.attempt(case + "y", case, "R" + point, "2021-08-20T12:00", "admitted")
    for i, s in enumerate(seconds):
        case = "h%d" % i
        load.case(case, "lpr", 1)
        load.attempt(case + "x", case, "RS", "2021-08-21T06:00:00", "turned_away")
        load.attempt(case + "y", case, "RH%d" % i, "2021-08-21T%02d:%02d:%02d" % (6 + s // 3600, s // 60 % 60, s % 60),
                     "admitted")
    # Admission rate 1/3 at H.
    for k in range(3):
        load.case("hh%d" % k, "lpr", 1)
        load.attempt("hh%da" % k, "hh%d" % k, "RH", "2021-08-22T10:00", "admitted" if k == 0 else "turned_away")
    return [[load.save(os.path.join(base, "l1"))]]


def indirect_changes(base):
    """Reloads that change a report through another record: a renamed muster
    point, a case's size (a run's people now below) and category (an incident's
    category follows), an attempt or outcome moved to another case, an
    incident moved to another place or kind, a run moved to another day, a
    route given another muster point or made straight to the gate."""
    first, second, third = Load(), Load(), Load()
    f = first
    f.add("muster_points", id="M1", name="one")
    f.add("muster_points", id="M2", name="two")
    f.add("gates", id="G", name="g")
    f.add("gates", id="H", name="h")
    f.add("routes", id="R1", muster_point_id="M1", gate_id="G")
    f.add("routes", id="R2", muster_point_id="M2", gate_id="G")
    f.add("routes", id="RS", gate_id="G")
    f.case("c1", "lpr", 3)
    f.case("c2", "siv", 2)
    f.case("c3", "p1p2", 4)
    f.case("c4", "other", 5)
    f.add("escort_runs", id="E1", route_id="R1", escort="taliban", departed_at="2021-08-24T10:00", people=3)
    f.add("escort_runs", id="E2", route_id="R2", escort="taliban", departed_at="2021-08-24T10:00", people=2)
    f.attempt("a1", "c1", "R1", "2021-08-24T11:00", "admitted", "", "E1")
    f.attempt("a2", "c2", "R2", "2021-08-24T11:00", "turned_away")
    f.attempt("a3", "c3", "R1", "2021-08-24T09:00", "turned_away")
    f.attempt("a4", "c3", "R2", "2021-08-24T12:00", "admitted", 2, "E2")
    f.attempt("a5", "c4", "RS", "2021-08-24T13:00", "admitted")
    f.add("incidents", id="i1", kind="turned_away", occurred_at="2021-08-24", muster_point_id="M2", case_id="c2",
          attempt_id="a2")
    f.add("incidents", id="i2", kind="turned_away", occurred_at="2021-08-24", muster_point_id="M1", case_id="c3",
          attempt_id="a3")
    f.add("incidents", id="i3", kind="security", occurred_at="2021-08-24", gate_id="H", case_id="c1")
    f.outcome("o1", "c1", "arrived", "2021-08-28")
    f.outcome("o2", "c2", "still_in_country", "2021-08-28")
    f.outcome("o3", "c3", "entered_airport", "2021-08-24T12:00")
    f.outcome("o4", "c3", "still_in_country", "2021-08-25T12:00")
    s = second
    s.add("muster_points", id="M1", name="one renamed")
    s.case("c1", "us_citizen", 5)
    s.case("c2", "afghan_at_risk", 2)
    s.attempt("a2", "c2", "R2", "2021-08-24T11:00", "admitted")
    s.attempt("a5", "c2", "R1", "2021-08-24T13:00", "admitted")
    s.outcome("o2", "c1", "still_in_country", "2021-08-29")
    s.outcome("o4", "c3", "still_in_country", "2021-08-23T12:00")
    s.add("incidents", id="i2", kind="turned_away", occurred_at="2021-08-24", gate_id="H", case_id="c4",
          attempt_id="a3")
    s.add("incidents", id="i3", kind="turned_away", occurred_at="2021-08-24", gate_id="H", attempt_id="a1")
    s.add("escort_runs", id="E2", route_id="R2", escort="taliban", departed_at="2021-08-25T10:00", people=1)
    third.add("routes", id="R1", gate_id="H")
    third.add("routes", id="RS", muster_point_id="M2", gate_id="G")
    return [[load.save(os.path.join(base, "l%d" % (n + 1)))] for n, load in enumerate([first, second, third])]


def file_order(base):
    """"Loaded last" through files: a reload that only adds a note moves an
    outcome to the end; two NAME.outcomes.csv files given in reverse name
    order are taken in the order given, and in a folder in name order."""
    first, reload = Load(), Load()
    first.case("c1", "lpr", 1)
    first.case("c2", "lpr", 1)
    first.case("c3", "lpr", 1)
    first.add("gates", id="G", name="g")
    first.outcome("O-B", "c2", "arrived", "2021-08-28T10:00")
    first.outcome("O-C", "c2", "unknown", "2021-08-28T10:00")
    reload.add("outcomes", id="O-B", case_id="c2", status="arrived", occurred_at="2021-08-28T10:00",
               notes="now with a note")
    given, folder = os.path.join(base, "given"), os.path.join(base, "folder")
    for directory, case, names in [(given, "c1", ["O-A1", "O-A2"]), (folder, "c3", ["O-D1", "O-D2"])]:
        write_csv(os.path.join(directory, "a.outcomes.csv"), COLUMNS["outcomes"],
                  [dict(id=names[1], case_id=case, status="unknown", occurred_at="2021-08-28T10:00")])
        write_csv(os.path.join(directory, "b.outcomes.csv"), COLUMNS["outcomes"],
                  [dict(id=names[0], case_id=case, status="arrived", occurred_at="2021-08-28T10:00")])
    return [[first.save(os.path.join(base, "l1"))], [reload.save(os.path.join(base, "l2"))],
            [os.path.join(given, "b.outcomes.csv"), os.path.join(given, "a.outcomes.csv")], [folder]]


def midnight_texts(base):
    """A date-only value and local midnight at one instant, in either load order:
    which text first_entry_at, last_entry_at, last_attempt_at and last_activity_at show."""
    load = Load()
    load.add("gates", id="G", name="g")
    load.add("muster_points", id="M", name="m")
    load.add("routes", id="R1", muster_point_id="M", gate_id="G")
    load.add("routes", id="R2", muster_point_id="M", gate_id="G")
    load.case("c1", "lpr", 1)
    load.case("c2", "lpr", 1)
    load.case("c3", "lpr", 1, "2021-08-24")
    load.case("c4", "lpr", 1)
    load.case("c5", "lpr", 1)
    load.attempt("a1", "c1", "R1", "2021-08-24", "admitted")
    load.attempt("a2", "c1", "R1", "2021-08-24T00:00", "admitted")
    load.attempt("a3", "c2", "R2", "2021-08-24T00:00", "admitted")
    load.attempt("a4", "c2", "R2", "2021-08-24", "admitted")
    load.attempt("a5", "c4", "R2", "2021-08-23T19:30Z", "turned_away")
    load.attempt("a6", "c5", "R1", "2021-08-24T00:00", "aborted")
    load.attempt("a7", "c5", "R1", "2021-08-24", "aborted")
    load.outcome("o1", "c3", "still_in_country", "2021-08-24T00:00")
    load.outcome("o2", "c4", "unknown", "2021-08-24")
    return [[load.save(os.path.join(base, "l1"))]]


def changes(source, target, seed):
    """A reload for a generated data set (Scripts/generate.py, CSV): some outcomes
    change status, new outcomes tie with old ones (some date-only on the same
    day), attempts change result or become date-only, routes change muster
    point or become straight to the gate, incidents change verification."""
    rng = random.Random(seed)

    def read(kind):
        with open(os.path.join(source, kind + ".csv"), newline="", encoding="utf-8-sig") as handle:
            return list(csv.DictReader(handle))

    outcomes = []
    for i, o in enumerate(read("outcomes")):
        if i % 7 == 0:
            outcomes.append(dict(o, status=rng.choice(STATUSES)))
        elif i % 5 == 0:
            new = dict(o, id="X" + o["id"], status=rng.choice(STATUSES))
            if i % 2:
                new["occurred_at"] = o["occurred_at"][:10]
            outcomes.append(new)
    rng.shuffle(outcomes)
    attempts = []
    for i, a in enumerate(read("attempts")):
        if i % 11 == 0:
            attempts.append(dict(a, result=rng.choice(["admitted", "turned_away", "aborted"])))
        elif i % 13 == 0:
            attempts.append(dict(a, attempted_at=a["attempted_at"][:10]))
    routes = read("routes")
    points = [r["muster_point_id"] for r in routes if r["muster_point_id"]]
    routes = [dict(r, muster_point_id=rng.choice(points + [""])) for i, r in enumerate(routes) if i % 6 == 0]
    incidents = [dict(x, verification=rng.choice(["confirmed", "unconfirmed", "disputed", ""]))
                 for i, x in enumerate(read("incidents")) if i % 4 == 0]
    for kind, rows in [("outcomes", outcomes), ("attempts", attempts), ("routes", routes), ("incidents", incidents)]:
        write_csv(os.path.join(target, kind + ".csv"), COLUMNS[kind], rows)
    return target

# name -> function(base folder) -> loads
EDGE_WORLDS = {
    "ties-and-reloads": ties_and_reloads,
    "offsets-and-percentiles": offsets_and_percentiles,
    "rounding": rounding,
    "indirect-changes": indirect_changes,
    "file-order": file_order,
    "midnight-texts": midnight_texts,
}
