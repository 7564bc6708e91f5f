#!/usr/bin/env python3
"""Independent reference calculation of the canned reports (docs/reports.md) for this fixture.

It reads the fixture CSVs directly (no SQL, no SQLite) and follows the text
of docs/reports.md with real instants (datetime), exact fractions and explicit rules, then
writes expected/NAME[--KEY=VALUE...].csv. It is deliberately written apart
from the report SQL so that the two can be checked against each other:

    python3 reference_reports.py          # (re)write expected/
    python3 reference_reports.py --check  # only compare with expected/

Stdlib only.
"""
import csv
import io
import math
import os
import re
import sys
from datetime import datetime, timedelta, timezone
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
ZONE = timezone(timedelta(hours=4, minutes=30))
ZONE_TEXT = "+04:30"

RESOLVED = {"entered_airport", "departed", "at_transit_site", "arrived", "withdrawn", "deceased"}

TIME_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?)?$")


class T:
    """A time (docs/data-model.md): an instant plus whether it was given as a date only."""

    def __init__(self, text):
        m = TIME_RE.match(text)
        if not m:
            raise ValueError("bad time %r" % text)
        y, mo, d, h, mi, s, off = m.groups()
        self.date_only = h is None
        if off is None or self.date_only:
            tz = ZONE
        elif off == "Z":
            tz = timezone.utc
        else:
            sign = 1 if off[0] == "+" else -1
            tz = timezone(sign * timedelta(hours=int(off[1:3]), minutes=int(off[4:6])))
        self.instant = datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0), tzinfo=tz)
        self.local = self.instant.astimezone(ZONE)

    def text(self):
        if self.date_only:
            return self.local.strftime("%Y-%m-%d")
        return self.local.strftime("%Y-%m-%dT%H:%M:%S") + ZONE_TEXT

    def date(self):
        return self.local.strftime("%Y-%m-%d")

    def epoch(self):
        return int(self.instant.timestamp())


def read(kind):
    with open(os.path.join(HERE, kind + ".csv"), newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for i, r in enumerate(rows, start=1):
        for k, v in list(r.items()):
            r[k] = None if v == "" else v
        r["_order"] = (1, i)  # load 1, row i
    return rows


sources = read("sources")
muster_points = read("muster_points")
gates = read("gates")
routes = {r["id"]: r for r in read("routes")}
route_list = read("routes")
cases = {r["id"]: r for r in read("cases")}
case_list = read("cases")
runs = read("escort_runs")
attempts = read("attempts")
incidents = read("incidents")
outcomes = read("outcomes")

for c in case_list:
    c["size"] = int(c["size"])
    c["registered_at"] = T(c["registered_at"]) if c["registered_at"] else None
cases = {c["id"]: c for c in case_list}
for r in runs:
    r["departed_at"] = T(r["departed_at"])
    r["people"] = int(r["people"]) if r["people"] is not None else None
    r["status"] = r["status"] or "unknown"
for a in attempts:
    a["attempted_at"] = T(a["attempted_at"])
    a["people_eff"] = int(a["people"]) if a["people"] is not None else cases[a["case_id"]]["size"]
    a["mp"] = routes[a["route_id"]]["muster_point_id"]
for i in incidents:
    i["occurred_at"] = T(i["occurred_at"])
    i["people_affected"] = int(i["people_affected"]) if i["people_affected"] is not None else None
    i["verification"] = i["verification"] or "unconfirmed"
for o in outcomes:
    o["occurred_at"] = T(o["occurred_at"])
attempt_by_id = {a["id"]: a for a in attempts}


def current_outcome(case_id):
    mine = [o for o in outcomes if o["case_id"] == case_id]
    if not mine:
        return None
    # greatest occurred_at (as an instant); on a tie, the one loaded last
    return max(mine, key=lambda o: (o["occurred_at"].instant, o["_order"]))


def current_status(case_id):
    o = current_outcome(case_id)
    return o["status"] if o else "none"


def is_resolved(case_id):
    return current_status(case_id) in RESOLVED


def round_half_away(x, places):
    """x: Fraction >= or < 0 -> float with `places` decimals, half away from zero."""
    scale = 10 ** places
    v = abs(x) * scale
    n = math.floor(v + Fraction(1, 2))
    n = n if x >= 0 else -n
    return n / scale


def ratio3(a, b):
    return None if b == 0 else round_half_away(Fraction(a, b), 3)


def in_range(date, p):
    return (p.get("from") is None or date >= p["from"]) and (p.get("to") is None or date <= p["to"])


# ---------------------------------------------------------------- reports

def entries_per_route(p):
    out = []
    for r in route_list:
        rid = r["id"]
        rr = [x for x in runs if x["route_id"] == rid and in_range(x["departed_at"].date(), p)]
        aa = [a for a in attempts if a["route_id"] == rid and in_range(a["attempted_at"].date(), p)]
        adm = [a for a in aa if a["result"] == "admitted"]
        first = min(adm, key=lambda a: a["attempted_at"].instant)["attempted_at"].text() if adm else None
        last = max(adm, key=lambda a: a["attempted_at"].instant)["attempted_at"].text() if adm else None
        out.append([rid, r["muster_point_id"], r["gate_id"], len(rr), len(adm),
                    len({a["case_id"] for a in adm}), sum(a["people_eff"] for a in adm),
                    sum(1 for a in aa if a["result"] == "turned_away"), first, last])
    out.sort(key=lambda row: row[0])
    out.sort(key=lambda row: -row[6])
    return ["route_id", "muster_point_id", "gate_id", "escort_runs", "admitted_attempts", "cases_admitted",
            "people_admitted", "turned_away_attempts", "first_entry_at", "last_entry_at"], out, set()


def unresolved(p):
    as_of = T(p["as_of"])
    out = []
    for c in case_list:
        cid = c["id"]
        if is_resolved(cid):
            continue
        if p.get("category") is not None and c["category"] != p["category"]:
            continue
        aa = [a for a in attempts if a["case_id"] == cid]
        oo = [o for o in outcomes if o["case_id"] == cid]
        latest = max(aa, key=lambda a: (a["attempted_at"].instant, a["_order"])) if aa else None
        times = [a["attempted_at"] for a in aa] + [o["occurred_at"] for o in oo]
        if times:
            act = max(times, key=lambda t: t.instant)
        else:
            act = c["registered_at"]
        days = None
        if act is not None:
            days = math.floor((as_of.epoch() - act.epoch()) / 86400)
        out.append([cid, c["category"], c["size"], current_status(cid), len(aa),
                    sum(1 for a in aa if a["result"] == "turned_away"),
                    latest["attempted_at"].text() if latest else None,
                    latest["mp"] if latest else None,
                    act.text() if act else None, days, act])
    out.sort(key=lambda r: r[0])
    out.sort(key=lambda r: (r[10] is not None, r[10].instant if r[10] else 0))
    out.sort(key=lambda r: -r[5])
    return ["case_id", "category", "size", "current_status", "attempts", "turned_away", "last_attempt_at",
            "last_muster_point_id", "last_activity_at", "days_since_activity"], [r[:10] for r in out], set()


def outcomes_by_muster_point(p):
    out = []
    for m in sorted(muster_points, key=lambda m: m["id"]):
        mid = m["id"]
        aa = [a for a in attempts if a["mp"] == mid]
        cs = {a["case_id"] for a in aa}
        adm = sum(1 for a in aa if a["result"] == "admitted")
        out.append([mid, m["name"], len(cs), len(aa), adm, sum(1 for a in aa if a["result"] == "turned_away"),
                    ratio3(adm, len(aa)),
                    sum(1 for i in incidents if i["kind"] == "turned_away" and i["muster_point_id"] == mid),
                    sum(1 for c in cs if is_resolved(c)), sum(1 for c in cs if not is_resolved(c)),
                    sum(1 for c in cs if current_status(c) == "arrived")])
    return ["muster_point_id", "name", "cases", "attempts", "admitted", "turned_away", "admission_rate",
            "turned_away_incidents", "resolved_cases", "unresolved_cases", "arrived_cases"], out, set()


def outcomes_report(p):
    mp = p.get("muster_point")
    out = []
    for c in sorted(case_list, key=lambda c: c["id"]):
        cid = c["id"]
        aa = [a for a in attempts if a["case_id"] == cid and (mp is None or a["mp"] == mp)]
        if mp is not None and not aa:
            continue
        st = current_status(cid)
        if p.get("status") is not None and st != p["status"]:
            continue
        o = current_outcome(cid)
        out.append([cid, c["category"], c["size"], len(aa), any(a["result"] == "admitted" for a in aa), st,
                    o["occurred_at"].text() if o else None, o["location"] if o else None])
    return ["case_id", "category", "size", "attempts_here", "admitted_here", "current_status", "status_at",
            "location"], out, {"admitted_here"}


def incident_place(i):
    """(place_id, place_kind) of an incident: its muster point, else its gate."""
    if i["muster_point_id"] is not None:
        return (i["muster_point_id"], "muster_point")
    return (i["gate_id"], "gate")


def turned_away(p):
    groups = {}
    for i in incidents:
        if i["kind"] != "turned_away":
            continue
        place = incident_place(i)
        cat = cases[i["case_id"]]["category"] if i["case_id"] is not None else "unknown"
        g = groups.setdefault(place + (cat,), [0, 0, 0, 0, 0])
        g[0] += 1
        g[1] += i["people_affected"] or 0
        g[2 + ["confirmed", "unconfirmed", "disputed"].index(i["verification"])] += 1
    out = [[k[0], k[1], k[2]] + v for k, v in groups.items()]
    out.sort(key=lambda r: (-r[3], r[0], r[2]))
    return ["place_id", "place_kind", "category", "incidents", "people_affected", "confirmed", "unconfirmed",
            "disputed"], out, set()


def outcomes_by_gate(p):
    out = []
    for g in sorted(gates, key=lambda g: g["id"]):
        gid = g["id"]
        aa = [a for a in attempts if routes[a["route_id"]]["gate_id"] == gid]
        adm = sum(1 for a in aa if a["result"] == "admitted")
        out.append([gid, g["name"], len(aa), adm, sum(1 for a in aa if a["result"] == "turned_away"),
                    ratio3(adm, len(aa)),
                    sum(1 for i in incidents if i["kind"] == "turned_away" and i["muster_point_id"] is None
                        and i["gate_id"] == gid)])
    return ["gate_id", "name", "attempts", "admitted", "turned_away", "admission_rate",
            "turned_away_incidents"], out, set()


def turned_away_documents(p):
    groups = {}
    for i in incidents:
        if i["kind"] != "turned_away":
            continue
        place = incident_place(i)
        g = groups.setdefault(place + (i["documents"] or "unknown",), [0, 0])
        g[0] += 1
        g[1] += i["people_affected"] or 0
    out = [[k[0], k[1], k[2]] + v for k, v in groups.items()]
    out.sort(key=lambda r: (r[0], r[1], r[2]))
    return ["place_id", "place_kind", "documents", "incidents", "people_affected"], out, set()


def daily_entries(p):
    dates = sorted({x["departed_at"].date() for x in runs} | {a["attempted_at"].date() for a in attempts})
    out = []
    for d in dates:
        aa = [a for a in attempts if a["attempted_at"].date() == d]
        adm = [a for a in aa if a["result"] == "admitted"]
        out.append([d, sum(1 for x in runs if x["departed_at"].date() == d), len(adm),
                    sum(a["people_eff"] for a in adm), sum(1 for a in aa if a["result"] == "turned_away")])
    return ["date", "escort_runs", "admitted_attempts", "people_admitted", "turned_away_attempts"], out, set()


def nearest_rank(sorted_values, q):
    n = len(sorted_values)
    k = math.ceil(q * n)  # q is a Fraction: exact
    return sorted_values[k - 1]


def time_to_entry(p):
    per_group = {}
    for c in case_list:
        cid = c["id"]
        aa = [a for a in attempts if a["case_id"] == cid]
        adm = [a for a in aa if a["result"] == "admitted"]
        if not adm:
            continue
        first = min(a["attempted_at"].instant for a in aa)
        fa = min(adm, key=lambda a: (a["attempted_at"].instant, a["_order"]))
        secs = int((fa["attempted_at"].instant - first).total_seconds())
        before = sum(1 for a in aa if a["attempted_at"].instant < fa["attempted_at"].instant)
        per_group.setdefault(fa["mp"], []).append((Fraction(secs, 3600), before))
    out = []
    for mp in sorted(per_group, key=lambda m: (m is not None, m or "")):
        vals = sorted(h for h, _ in per_group[mp])
        n = len(vals)
        out.append([mp, n,
                    round_half_away(nearest_rank(vals, Fraction(1, 2)), 1),
                    round_half_away(nearest_rank(vals, Fraction(9, 10)), 1),
                    round_half_away(max(vals), 1),
                    round_half_away(Fraction(sum(b for _, b in per_group[mp]), n), 2)])
    return ["muster_point_id", "cases", "median_hours", "p90_hours", "max_hours",
            "mean_attempts_before_entry"], out, set()


def escort_runs_report(p):
    groups = {}
    for x in runs:
        g = groups.setdefault((x["route_id"], x["departed_at"].date()), [0, 0, 0, 0])
        g[0] += 1
        g[1] += x["status"] == "completed"
        g[2] += x["status"] == "aborted"
        g[3] += x["people"] or 0
    out = [list(k) + v for k, v in sorted(groups.items())]
    return ["route_id", "date", "runs", "completed", "aborted", "people_escorted"], out, set()


def data_quality(p):
    out = []
    for a in attempts:
        if a["result"] != "admitted":
            continue
        ok = any(o["case_id"] == a["case_id"] and o["status"] in RESOLVED
                 and o["occurred_at"].instant >= a["attempted_at"].instant for o in outcomes)
        if not ok:
            out.append(["attempts", a["id"], "admitted attempt with no resolved outcome after it"])
    for x in runs:
        if x["people"] is None:
            continue
        s = sum(a["people_eff"] for a in attempts if a["escort_run_id"] == x["id"] and a["result"] == "admitted")
        if x["people"] < s:
            out.append(["escort_runs", x["id"], "escort run people below the people of its admitted attempts"])
    for i in incidents:
        if i["kind"] == "turned_away" and i["attempt_id"] is not None \
                and attempt_by_id[i["attempt_id"]]["result"] != "turned_away":
            out.append(["incidents", i["id"], "turned-away incident whose attempt's result is not turned_away"])
    for o in outcomes:
        if o["status"] not in RESOLVED:
            continue
        key = (o["occurred_at"].instant, o["_order"])
        if any(x["case_id"] == o["case_id"] and x["status"] == "still_in_country"
               and (x["occurred_at"].instant, x["_order"]) > key for x in outcomes):
            out.append(["outcomes", o["id"], "resolved outcome followed by a later still_in_country"])
    out.sort()
    return ["kind", "id", "problem"], out, set()


def case_timeline(p):
    cid = p["case_id"]
    items = []
    for a in attempts:
        if a["case_id"] == cid:
            r = routes[a["route_id"]]
            items.append(((a["attempted_at"].instant, 0, a["_order"]),
                          [a["attempted_at"].text(), "attempt", a["id"], a["result"], a["route_id"],
                           r["muster_point_id"], r["gate_id"], a["people_eff"], a["escort_run_id"], a["source_id"]]))
    for i in incidents:
        att = attempt_by_id.get(i["attempt_id"]) if i["attempt_id"] else None
        if i["case_id"] == cid or (att is not None and att["case_id"] == cid):
            parts = []
            for k in ("denied_by", "reason", "documents"):
                if i[k] is not None:
                    parts.append("%s: %s" % (k, i[k]))
            items.append(((i["occurred_at"].instant, 1, i["_order"]),
                          [i["occurred_at"].text(), "incident", i["id"], i["kind"],
                           att["route_id"] if att else None, i["muster_point_id"], i["gate_id"],
                           i["people_affected"], "; ".join(parts) if parts else None, i["source_id"]]))
    for o in outcomes:
        if o["case_id"] == cid:
            items.append(((o["occurred_at"].instant, 2, o["_order"]),
                          [o["occurred_at"].text(), "outcome", o["id"], o["status"], None, None, None, None,
                           o["location"], o["source_id"]]))
    items.sort(key=lambda t: t[0])
    return ["at", "kind", "id", "what", "route_id", "muster_point_id", "gate_id", "people", "detail",
            "source_id"], [row for _, row in items], set()


AS_OF = "2021-09-01T00:00+04:30"
CASES = [
    ("entries-per-route", entries_per_route, {}),
    ("entries-per-route", entries_per_route, {"from": "2021-08-26", "to": "2021-08-26"}),
    ("entries-per-route", entries_per_route, {"from": "2021-08-27"}),
    ("entries-per-route", entries_per_route, {"to": "2021-08-25"}),
    ("unresolved", unresolved, {"as_of": AS_OF}),
    ("unresolved", unresolved, {"as_of": AS_OF, "category": "lpr"}),
    ("unresolved", unresolved, {"as_of": "2021-08-28"}),
    ("outcomes-by-muster-point", outcomes_by_muster_point, {}),
    ("outcomes", outcomes_report, {}),
    ("outcomes", outcomes_report, {"muster_point": "MP-MOI"}),
    ("outcomes", outcomes_report, {"muster_point": "mp-serena"}),
    ("outcomes", outcomes_report, {"muster_point": "MP-ZEBRA"}),
    ("outcomes", outcomes_report, {"status": "none"}),
    ("outcomes", outcomes_report, {"muster_point": "MP-MOI", "status": "none"}),
    ("outcomes", outcomes_report, {"status": "still_in_country"}),
    ("turned-away", turned_away, {}),
    ("turned-away-documents", turned_away_documents, {}),
    ("outcomes-by-gate", outcomes_by_gate, {}),
    ("daily-entries", daily_entries, {}),
    ("time-to-entry", time_to_entry, {}),
    ("escort-runs", escort_runs_report, {}),
    ("data-quality", data_quality, {}),
    ("case-timeline", case_timeline, {"case_id": "C-03"}),
    ("case-timeline", case_timeline, {"case_id": "C-10"}),
    ("case-timeline", case_timeline, {"case_id": "C-09"}),
]


def file_name(name, params):
    return name + "".join("--%s=%s" % (k, v) for k, v in params.items()) + ".csv"


def render(v, is_bool):
    if v is None:
        return ""
    if is_bool:
        return "true" if v else "false"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(v)  # shortest round-trip form, as Swift's Double.description
    return str(v)


def to_csv(columns, rows, booleans):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for row in rows:
        w.writerow([render(v, c in booleans) for c, v in zip(columns, row)])
    return buf.getvalue()


def main():
    check = "--check" in sys.argv
    bad = 0
    for name, fn, params in CASES:
        text = to_csv(*fn(params))
        path = os.path.join(HERE, "expected", file_name(name, params))
        if check:
            with open(path, encoding="utf-8") as f:
                if f.read() != text:
                    print("DIFFERS:", path)
                    bad += 1
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(text)
    print("%d files %s" % (len(CASES), "checked" if check else "written"), "with %d differences" % bad if check else "")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
