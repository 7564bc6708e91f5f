#!/usr/bin/env python3
"""Generate a synthetic Passage data set for benchmarks and tests.

Writes one file per record kind (docs/data-model.md) into --out:
sources, muster_points, gates, routes, cases, escort_runs, attempts,
incidents, outcomes -- as CSV (RFC 4180, CRLF, quoted when needed) or NDJSON
(one object per line, every column, null when empty).

The data imitates the Kabul airlift of 2021-08-17 .. 2021-08-30 (event zone
+04:30): about 10 muster points, 5 gates, 25 routes (5 straight to a gate),
escort runs several times a day per route, about 20 sources, and per case on
average 2.5 attempts, 0.4 incidents and 1.5 outcomes -- about 5 rows per case
in all.  Every name, label and contact is invented.

Two options change the shape, for benchmarks that should not be tuned to
one: --notes-words N gives every record a note of about N words, and
--incidents-per-case X adds turned-away reports until there are about X
incidents per case.  Both draw from a second random.Random, so without them
the files are exactly those of earlier versions, and with them the records
are the same apart from the notes and the added incidents.

The output depends only on the arguments: the same arguments give
byte-identical files (random.Random(seed), no clock, no hash order).
"""

import argparse
import bisect
import csv
import json
import os
import random
import sys
import time
from datetime import date, timedelta

from passage_kinds import COLUMNS, KINDS  # the kinds' columns, in dependency (load) order

# ---------------------------------------------------------------------------
# Time: integer minutes since 2021-08-01T00:00 local (+04:30), formatted from
# precomputed day and HH:MM strings.

ZONE_MINUTES = 4 * 60 + 30
BASE_DATE = date(2021, 8, 1)
TABLE_DAYS = 120
DAY_STR = [(BASE_DATE + timedelta(days=d)).isoformat() for d in range(TABLE_DAYS)]
HM_STR = ["T%02d:%02d" % (h, m) for h in range(24) for m in range(60)]
DAY = 1440
FIRST_DAY = 16                    # 2021-08-17
EVENT_DAYS = 14                   # .. 2021-08-30
START = FIRST_DAY * DAY
END = (FIRST_DAY + EVENT_DAYS) * DAY   # exclusive: 2021-08-31T00:00
Z_SHARE = 0.05

# ---------------------------------------------------------------------------
# Fixed reference data (invented names; places loosely modelled on reports).

SOURCES = [
    ("us_official", "State Department liaison cell", "high"),
    ("us_official", "Embassy consular desk", "high"),
    ("us_official", "HKIA gate processing team", "high"),
    ("network", "Volunteer network Alpha", "medium"),
    ("network", "Veterans network Bravo", "medium"),
    ("network", "NGO liaison desk Charlie", "high"),
    ("network", "Interpreter support group", "medium"),
    ("network", "Church sponsorship circle", "low"),
    ("network", "University alumni cell", None),
    ("family", "Relatives in Virginia", "medium"),
    ("family", "Relatives in California", "low"),
    ("family", "Relatives in Germany", "low"),
    ("family", "Family WhatsApp group", "unknown"),
    ("evacuee", "Evacuee self-report", "medium"),
    ("evacuee", "Evacuee group chat", "low"),
    ("evacuee", "Evacuee phone call, relayed", "unknown"),
    ("media", "Wire service reporter", "medium"),
    ("media", "Local radio, translated", "low"),
    ("other", "Anonymous tip line", "low"),
    ("other", "Partner government, \"desk 4\"", None),
]

MUSTER_POINTS = [
    ("Ministry of Interior", 34.54127, 69.19843, "taliban"),
    ("Serena Hotel car park", 34.52710, 69.17612, "taliban"),
    ("Baron Hotel", 34.56288, 69.21905, "private security"),
    ("Massoud Circle", 34.53562, 69.18774, "taliban"),
    ("Airport Road fuel station", 34.55105, 69.20281, "taliban"),
    ("Wazir Akbar Khan park", 34.53905, 69.19210, "taliban, red unit"),
    ("Shar-e Naw bus stop", 34.53340, 69.17125, "taliban"),
    ("Abdul Haq Square", 34.54600, 69.18920, None),
    ("Kabul Star Hotel", 34.55820, 69.21195, "taliban"),
    ("Darulaman Road school", 34.50115, 69.15760, "taliban"),
]

GATES = [
    ("G-ABBEY", "Abbey Gate", 34.55952, 69.21581, "us_forces, uk_forces"),
    ("G-EAST", "East Gate", 34.56347, 69.22402, "us_forces"),
    ("G-NORTH", "North Gate", 34.57390, 69.21055, "us_forces"),
    ("G-SULLIVAN", "Camp Sullivan gate", 34.57020, 69.20010, "us_forces"),
    ("G-GLORY", "Glory Gate", 34.55810, 69.20560, "coalition"),
]

CATEGORIES = ["us_citizen", "lpr", "siv", "p1p2", "afghan_at_risk", "third_country", "other"]
CATEGORY_W = [10, 8, 30, 15, 25, 7, 5]
ADMIT_P = {"us_citizen": 0.82, "lpr": 0.76, "siv": 0.60, "p1p2": 0.50,
           "afghan_at_risk": 0.50, "third_country": 0.70, "other": 0.40}
SIZE_W = [35, 18, 13, 11, 9, 6, 4, 4]             # size 1..8
ATTEMPTS_W = [27, 27, 23, 13, 10]                  # 1..5 attempts, mean ~2.5
FAILED_RESULTS = ["turned_away", "aborted", "no_show", "unknown"]
FAILED_W = [72, 10, 10, 8]
LINK_P = {"admitted": 0.75, "turned_away": 0.35, "aborted": 0.6, "no_show": 0.0, "unknown": 0.2}
DAY_W = [0.6, 0.8, 1.0, 1.1, 1.2, 1.3, 1.3, 1.3, 1.2, 0.8, 0.7, 0.6, 0.4, 0.2]
HOUR_W = [3, 3, 3, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 3, 3, 3, 3, 3]

DOCUMENTS = {
    "us_citizen": (["us_passport", "none", "unknown"], [80, 5, 15]),
    "lpr": (["green_card", "us_passport", "none", "unknown"], [80, 3, 5, 12]),
    "siv": (["siv_letter", "visa", "tazkira", "unknown"], [60, 20, 10, 10]),
    "p1p2": (["tazkira", "none", "unknown", "siv_letter"], [50, 20, 25, 5]),
    "afghan_at_risk": (["tazkira", "none", "unknown"], [60, 20, 20]),
    "third_country": (["visa", "none", "unknown"], [55, 15, 30]),
    "other": (["unknown", "none", "tazkira"], [50, 25, 25]),
}
REASONS_MP = [
    "documents not accepted", "not on the list", "only foreign passports allowed",
    "family members without papers", "checkpoint closed for the night",
    "told to come back tomorrow", "crowd too large, bus full",
]
REASONS_GATE = [
    "documents not accepted", "name not on manifest", "gate closed for processing",
    "crowd surge, gate shut", "visa category not eligible", "no escort paperwork",
]
CONTACTS = [
    "Network Alpha desk 1", "Network Alpha desk 2", "Veterans group, north team",
    "NGO liaison 3", "NGO liaison 7", "Congressional office 12", "Family in Virginia",
    "Family in Texas", "Interpreter group lead", "University alumni cell",
    "Church circle, Ohio", "Media contact 4", "Volunteer cell 9", "Volunteer cell 17",
    "Law clinic intake", "Former employer HR", "Sponsor in Ontario", "Cousin in Hamburg",
]
TRANSIT = ["Al Udeid, Qatar", "Ramstein, Germany", "Camp Arifjan, Kuwait",
           "Sigonella, Italy", "Rota, Spain", "Doha, Qatar", "Abu Dhabi, UAE"]
ARRIVAL = ["Dulles, VA", "Philadelphia, PA", "Fort Bliss, TX", "Fort McCoy, WI",
           "Fort Lee, VA", "Joint Base McGuire-Dix-Lakehurst, NJ", "Frankfurt, Germany",
           "London, UK", "Toronto, Canada"]
STILL = ["Kabul", "Kabul", "Kabul, PD 10", "Mazar-i-Sharif", "Jalalabad", None]
CASE_NOTES = [
    "Waiting near the canal", "Phone battery low; call after 22:00",
    "Has \"priority\" email from embassy", "Elderly parent needs wheelchair",
    "Documents partly lost", "Two adults, one infant\nsecond group follows",
]
# About this many incidents per case without --incidents-per-case (turned-away
# reports of attempts, plus one closure or security report per 20 cases).
NATURAL_INCIDENTS_PER_CASE = 0.4
# Words of the long notes (--notes-words): field-note vocabulary, a few in Dari.
NOTE_WORDS = (
    "family waited near the canal since morning with small children and elderly parents "
    "papers checked twice at the checkpoint then sent back crowd pushed toward the gate "
    "phone battery low will call again after dark volunteer relayed message from relatives "
    "escort delayed by shooting nearby water and food running out bus left without them "
    "documents copied by email passport expired visa pending interview letter missing "
    "خانواده منتظر دروازه مدارک تلفن"
).split()
NOTE_POOL = 997        # distinct long notes; one draw per record picks one


def weighted_draw(weights, rnd):
    """A picker for indexes 0..len-1 with the given weights, drawing from rnd."""
    cum, total = [], 0.0
    for w in weights:
        total += w
        cum.append(total)
    last = len(cum) - 1

    def pick():
        i = bisect.bisect_right(cum, rnd() * total)
        return i if i <= last else last
    return pick


class Generator:
    def __init__(self, cases, seed, notes_words=0, incidents_per_case=None):
        self.n_cases = cases
        self.rng = random.Random(seed)
        self.rnd = self.rng.random
        self.counts = {}
        # The shape options draw from their own generator, so that the main
        # sequence (and so every other value) stays that of the default shape.
        self.shape_rnd = random.Random("shape-%d" % seed).random
        self.notes_words = notes_words
        extra = 0.0 if incidents_per_case is None else max(0.0, incidents_per_case - NATURAL_INCIDENTS_PER_CASE)
        self.extra_incidents = extra

    # -- small helpers ------------------------------------------------------
    def weighted(self, weights):
        """Return a picker for indexes 0..len-1 with the given weights."""
        return weighted_draw(weights, self.rnd)

    def ts(self, m):
        """A local time string for minute m, sometimes in UTC with Z."""
        if self.rnd() < Z_SHARE:
            m -= ZONE_MINUTES
            return DAY_STR[m // DAY] + HM_STR[m % DAY] + "Z"
        return DAY_STR[m // DAY] + HM_STR[m % DAY]

    def source(self, p, rnd=None):
        """A source id with probability p, else None."""
        rnd = rnd or self.rnd
        if rnd() < p:
            return self.source_ids[int(rnd() * len(self.source_ids))]
        return None

    def long_notes(self, writer):
        """Make writer give every row a note of about notes_words words,
        after the row's own note if it has one."""
        rnd, n = self.shape_rnd, self.notes_words
        pool = []
        for _ in range(NOTE_POOL):
            words = [NOTE_WORDS[int(rnd() * len(NOTE_WORDS))] for _ in range(max(1, n - 2 + int(rnd() * 5)))]
            pool.append(" ".join(words).capitalize() + ".")
        index = writer.columns.index("notes")
        plain = writer.row

        def row(values):
            note = pool[int(rnd() * NOTE_POOL)]
            own = values[index]
            values = list(values)
            values[index] = note if own is None else own + "; " + note
            plain(values)
        writer.row = row

    # -- generation ---------------------------------------------------------
    def run(self, out_dir, fmt):
        os.makedirs(out_dir, exist_ok=True)
        writers = {kind: Writer(os.path.join(out_dir, kind + "." + fmt), kind, fmt)
                   for kind in KINDS}
        if self.notes_words > 0:
            for w in writers.values():
                self.long_notes(w)
        try:
            self.reference_data(writers)
            self.escort_runs()
            self.cases(writers)
            self.write_runs(writers["escort_runs"])
            self.write_incidents(writers["incidents"])
        finally:
            for w in writers.values():
                w.close()
        self.counts = {k: w.rows for k, w in writers.items()}
        return self.counts

    def reference_data(self, writers):
        rnd = self.rnd
        self.source_ids = []
        w = writers["sources"]
        for i, (kind, name, rel) in enumerate(SOURCES, 1):
            sid = "SRC_%02d" % i
            self.source_ids.append(sid)
            w.row((sid, kind, name, rel, "invented for benchmarks" if i == 20 else None))

        self.mp_ids = []
        w = writers["muster_points"]
        for i, (name, lat, lon, ctl) in enumerate(MUSTER_POINTS, 1):
            mid = "MP%02d" % i
            self.mp_ids.append(mid)
            w.row((mid, name, lat, lon, ctl,
                   "Pre-set muster point; escorted groups at night" if i == 1 else None))

        self.gate_ids = []
        w = writers["gates"]
        for gid, name, lat, lon, ctl in GATES:
            self.gate_ids.append(gid)
            w.row((gid, name, lat, lon, ctl, None))

        # Routes: two per muster point (to different gates), then one straight
        # route per gate.  route = (id, mp index or None, gate index).
        self.routes = []
        w = writers["routes"]
        mp_pop = [0.5 + 1.5 * rnd() for _ in MUSTER_POINTS]
        weights = []
        for i, (mp_name, _, _, _) in enumerate(MUSTER_POINTS):
            for j, g in enumerate((i % 5, (i + 2) % 5)):
                rid = "R%02d" % (len(self.routes) + 1)
                self.routes.append((rid, i, g))
                weights.append(mp_pop[i] * (3.0 if j == 0 else 1.5))
                w.row((rid, self.mp_ids[i], self.gate_ids[g],
                       "%s to %s" % (mp_name, GATES[g][1]), None))
        for g, gate in enumerate(GATES):
            rid = "R%02d" % (len(self.routes) + 1)
            self.routes.append((rid, None, g))
            weights.append(1.0 + rnd())
            w.row((rid, None, gate[0], "Straight to " + gate[1],
                   "No muster point: families walk to the gate"))
        self.route_w = weights
        self.pick_route = self.weighted(weights)

    def escort_runs(self):
        rnd = self.rnd
        n_routes = len(self.routes)
        route_days = n_routes * EVENT_DAYS
        total = max(3 * route_days, round(self.n_cases / 20))
        counts = [2] * route_days                     # several a day everywhere
        cell_w = [self.route_w[r] * DAY_W[d] for r in range(n_routes) for d in range(EVENT_DAYS)]
        pick_cell = self.weighted(cell_w)
        for _ in range(total - 2 * route_days):
            counts[pick_cell()] += 1
        pick_hour = self.weighted(HOUR_W)
        pick_mp_escort = self.weighted([75, 12, 8, 5])
        pick_gate_escort = self.weighted([50, 30, 15, 5])
        mp_escorts = ["taliban", "private", "other", "coalition"]
        gate_escorts = ["us_forces", "coalition", "private", "other"]

        runs = []   # [dep, route index, escort, arrived, status, source, notes]
        for cell, k in enumerate(counts):
            r, d = divmod(cell, EVENT_DAYS)
            straight = self.routes[r][1] is None
            for _ in range(k):
                dep = START + d * DAY + pick_hour() * 60 + int(rnd() * 60)
                escort = gate_escorts[pick_gate_escort()] if straight else mp_escorts[pick_mp_escort()]
                x = rnd()
                status = ("completed" if x < 0.82 else "aborted" if x < 0.89
                          else "unknown" if x < 0.95 else None)
                if status == "aborted":
                    arr = None if rnd() < 0.6 else dep + 5 + int(rnd() * 30)
                else:
                    dur = (10 + int(rnd() * 30)) if straight else (20 + int(rnd() * 100))
                    arr = None if rnd() < 0.08 else dep + dur
                notes = "Convoy delayed at checkpoint" if rnd() < 0.02 else None
                runs.append((dep, r, escort, arr, status, self.source(0.6), notes))
        runs.sort(key=lambda x: (x[0], x[1]))
        width = max(6, len(str(len(runs))))
        self.run_rows = runs
        self.run_ids = ["E%0*d" % (width, i + 1) for i in range(len(runs))]
        self.run_people = [0] * len(runs)       # escorted people from linked attempts
        self.run_admitted = [0] * len(runs)     # people of linked admitted attempts
        self.route_deps = [[] for _ in self.routes]
        self.route_runs = [[] for _ in self.routes]
        for i, run in enumerate(runs):
            self.route_deps[run[1]].append(run[0])
            self.route_runs[run[1]].append(i)

    def nearest_run(self, r, t, need_ok):
        deps = self.route_deps[r]
        j = bisect.bisect_left(deps, t)
        best, best_d = None, 721
        for k in (j - 1, j):
            if 0 <= k < len(deps):
                dist = abs(deps[k] - t)
                if dist < best_d:
                    ri = self.route_runs[r][k]
                    if need_ok and self.run_rows[ri][4] == "aborted":
                        continue
                    best, best_d = ri, dist
        return best

    def cases(self, writers):
        rnd, ts = self.rnd, self.ts
        source = self.source
        n = self.n_cases
        wc, wa, wo = writers["cases"], writers["attempts"], writers["outcomes"]
        cw = max(6, len(str(n)))
        aw = max(7, len(str(n * 5)))
        pick_cat = self.weighted(CATEGORY_W)
        pick_size = self.weighted(SIZE_W)
        pick_natt = self.weighted(ATTEMPTS_W)
        pick_failed = self.weighted(FAILED_W)
        pick_route = self.pick_route
        pick_k = self.weighted([6, 40, 32, 12, 10])
        doc_pickers = {c: (docs, self.weighted(w)) for c, (docs, w) in DOCUMENTS.items()}
        routes = self.routes
        route_ids = [r[0] for r in routes]
        straight_routes = [i for i, r in enumerate(routes) if r[1] is None]
        mp_ids, gate_ids = self.mp_ids, self.gate_ids
        run_ids, run_people, run_admitted = self.run_ids, self.run_people, self.run_admitted
        nearest_run = self.nearest_run
        incidents = self.incidents = []
        att_no = 0
        out_no = 0

        def outcome(case_id, status, m, loc, date_only=False):
            nonlocal out_no
            out_no += 1
            when = DAY_STR[m // DAY] if date_only else ts(m)
            wo.row(("O%0*d" % (aw, out_no), case_id, status, when, loc, source(0.75),
                    "reported by phone" if rnd() < 0.01 else None))

        for c in range(1, n + 1):
            case_id = "C%0*d" % (cw, c)
            cat = CATEGORIES[pick_cat()]
            size = pick_size() + 1
            x = rnd()
            children = None if x < 0.1 else (0 if size == 1 or x < 0.3 else int(rnd() * size))
            x = rnd()
            label = ("Case %d family" % c if x < 0.40 else
                     "Family of case %d" % c if x < 0.55 else
                     "Case %d" % c if x < 0.75 else
                     "Case %d, interpreter's family" % c if x < 0.83 else
                     'Case %d "group %d"' % (c, 1 + c % 9) if x < 0.86 else
                     "Case %d خانواده" % c if x < 0.90 else None)
            contact = None if rnd() < 0.15 else CONTACTS[int(rnd() * len(CONTACTS))]
            admitted = rnd() < ADMIT_P[cat]
            n_att = pick_natt() + 1

            # Attempt times: gaps of 3..30 hours, sometimes moved to just
            # before a run of the same route departs.
            latest_start = END - 720 - (n_att - 1) * 42 * 60
            t = START + int(rnd() * (latest_start - START))
            prev_t = None
            r = pick_route()
            atts = []      # (minute, route index, result, run index or None, people eff)
            for k in range(n_att):
                if k:
                    t = prev_t + 180 + int(rnd() * 1620)
                    x = rnd()
                    if x < 0.20:
                        mp = routes[r][1]
                        if mp is None:
                            r = straight_routes[int(rnd() * len(straight_routes))]
                        else:
                            r = 2 * mp + (1 - (r % 2))   # the muster point's other route
                    elif x < 0.35:
                        r = pick_route()
                result = "admitted" if admitted and k == n_att - 1 else FAILED_RESULTS[pick_failed()]
                run = None
                if rnd() < LINK_P[result]:
                    ri = nearest_run(r, t, result == "admitted")
                    if ri is not None:
                        at = self.run_rows[ri][0] - 10 - int(rnd() * 80)
                        if at >= START and (prev_t is None or at > prev_t + 60):
                            t, run = at, ri
                atts.append((t, r, result, run))
                prev_t = t

            # The case row (registered before the first attempt).
            t0 = atts[0][0]
            x = rnd()
            if x < 0.10:
                registered = None
            elif x < 0.20:
                registered = DAY_STR[max(9, t0 // DAY - int(rnd() * 6))]
            else:
                registered = ts(max(9 * DAY, t0 - 60 - int(rnd() * 7 * DAY)))
            notes = CASE_NOTES[int(rnd() * len(CASE_NOTES))] if rnd() < 0.02 else None
            wc.row((case_id, label, cat, size, children, contact, registered,
                    source(0.7), notes))

            # Attempts, incidents.
            first_att_no = att_no + 1
            for (t, r, result, run) in atts:
                att_no += 1
                att_id = "A%0*d" % (aw, att_no)
                x = rnd()
                people = None if x < 0.35 else (size if size == 1 or x < 0.85 else 1 + int(rnd() * size))
                eff = size if people is None else people
                if run is not None:
                    run_people[run] += eff
                    if result == "admitted":
                        run_admitted[run] += eff
                note = None
                if rnd() < 0.01:
                    note = "Second try tonight" if result != "admitted" else "Inside, processing"
                wa.row((att_id, case_id, route_ids[r], ts(t), result,
                        None if run is None else run_ids[run], people, source(0.6), note))
                if result == "turned_away" and rnd() < 0.25:
                    self.turned_away_incident(t, r, run, case_id, att_id, cat, eff, doc_pickers)
            if self.extra_incidents:
                self.more_incidents(atts, first_att_no, aw, case_id, cat, size, doc_pickers)

            # Outcomes, in time order; ties keep file order (the later row wins).
            if admitted:
                ta = atts[-1][0]
                k = pick_k()
                if k and n_att >= 2 and rnd() < 0.1:
                    m = atts[0][0] + 30 + int(rnd() * (ta - atts[0][0] - 30)) if ta - atts[0][0] > 60 else None
                    if m is not None and m < ta:
                        outcome(case_id, "still_in_country", m, STILL[int(rnd() * len(STILL))])
                if k >= 1:
                    m1 = ta + 30 + int(rnd() * 210)
                    outcome(case_id, "entered_airport", m1, "HKIA")
                if k >= 2:
                    m2 = m1 if rnd() < 0.03 else m1 + 360 + int(rnd() * 3960)
                    cap = END - 1 - int(rnd() * 120)
                    if m2 > cap:
                        m2 = max(m1 + 30, cap)
                    outcome(case_id, "departed", m2, "HKIA")
                if k >= 3:
                    m3 = m2 + 300 + int(rnd() * 600)
                    outcome(case_id, "at_transit_site", m3, TRANSIT[int(rnd() * len(TRANSIT))])
                if k >= 4:
                    d4 = m3 // DAY + 1 + int(rnd() * 20)
                    if rnd() < 0.3:
                        outcome(case_id, "arrived", d4 * DAY, ARRIVAL[int(rnd() * len(ARRIVAL))], True)
                    else:
                        outcome(case_id, "arrived", d4 * DAY + 360 + int(rnd() * 960),
                                ARRIVAL[int(rnd() * len(ARRIVAL))])
            else:
                tl = atts[-1][0]
                x = rnd()
                if x < 0.25:
                    pass                                       # no outcome known
                elif x < 0.29:                                 # setback: wrong report, then stuck
                    m1 = atts[0][0] + 60 + int(rnd() * 240)
                    outcome(case_id, "entered_airport", m1, "HKIA")
                    outcome(case_id, "still_in_country", max(m1, tl) + 600 + int(rnd() * 2 * DAY),
                            "Kabul")
                elif x < 0.31:
                    outcome(case_id, "still_in_country", tl + 120 + int(rnd() * DAY), "Kabul")
                    outcome(case_id, "withdrawn", tl + 2 * DAY + int(rnd() * 5 * DAY), None)
                elif x < 0.313:
                    outcome(case_id, "deceased", tl + 60 + int(rnd() * 3 * DAY), None)
                else:
                    m = tl + 60 + int(rnd() * 2 * DAY)
                    status = "still_in_country" if rnd() < 0.8 else "unknown"
                    if rnd() < 0.2:                           # an earlier report too
                        status0 = "still_in_country" if rnd() < 0.8 else "unknown"
                        m0 = m if rnd() < 0.05 else atts[0][0] + 60 + int(rnd() * (m - atts[0][0] - 60))
                        outcome(case_id, status0, m0, STILL[int(rnd() * len(STILL))])
                    if rnd() < 0.1:
                        outcome(case_id, status, (m // DAY + 1) * DAY,
                                STILL[int(rnd() * len(STILL))], True)
                    else:
                        outcome(case_id, status, m, STILL[int(rnd() * len(STILL))])

        # Incidents without a case: gate closures, security, other.
        pick_kind = self.weighted([45, 35, 20])
        kinds = ["gate_closure", "security", "other"]
        reasons = {"gate_closure": ["gate closed for processing", "gate shut after crowd surge",
                                    "gate closed, flights full"],
                   "security": ["gunfire near the gate", "tear gas used on crowd",
                                "threat warning, stay away"],
                   "other": ["heat casualties in crowd", "sewage canal flooded",
                             "phones jammed near the gate"]}
        for _ in range(max(20, n // 20)):
            kind = kinds[pick_kind()]
            m = START + int(rnd() * (END - START))
            x = rnd()
            if x < 0.7:
                mp, gate = None, gate_ids[int(rnd() * len(gate_ids))]
            elif x < 0.9:
                mp, gate = mp_ids[int(rnd() * len(mp_ids))], None
            else:
                r = int(rnd() * 20)
                mp, gate = mp_ids[routes[r][1]], gate_ids[routes[r][2]]
            x = rnd()
            denied = None if x < 0.6 else ("crowd" if x < 0.8 else "us_forces" if x < 0.9 else "unknown")
            people = None if rnd() < 0.5 else 10 + int(rnd() * 2000)
            reason = reasons[kind][int(rnd() * 3)]
            incidents.append((m, (kind, m, mp, gate, None, None, denied, reason, None, people,
                                  self.verification(), source(0.8), None)))
        # The Abbey Gate bombing, 2021-08-26 about 17:50 local, and the closure after it.
        m = START + 9 * DAY + 17 * 60 + 50
        incidents.append((m, ("security", m, None, "G-ABBEY", None, None, None,
                              "explosion at the gate", None, None, "confirmed", "SRC_17",
                              "Suicide bombing; many killed and wounded")))
        incidents.append((m + 40, ("gate_closure", m + 40, None, "G-ABBEY", None, None, None,
                                   "gate closed after the explosion", None, None, "confirmed",
                                   "SRC_03", None)))

    def more_incidents(self, atts, first_att_no, aw, case_id, cat, size, doc_pickers):
        """--incidents-per-case: about extra_incidents more turned-away
        reports for this case, each on one of its failed attempts (on its
        first attempt, without naming it, when every attempt succeeded)."""
        rnd = self.shape_rnd
        e = self.extra_incidents
        k = int(e) + (1 if rnd() < e - int(e) else 0)
        failed = [i for i, a in enumerate(atts) if a[2] != "admitted"]
        for _ in range(k):
            i = failed[int(rnd() * len(failed))] if failed else 0
            t, r, _, run = atts[i]
            att_id = "A%0*d" % (aw, first_att_no + i) if failed else None
            self.turned_away_incident(t, r, run, case_id, att_id, cat, size, doc_pickers, rnd)

    def verification(self, rnd=None):
        x = (rnd or self.rnd)()
        return ("confirmed" if x < 0.35 else "unconfirmed" if x < 0.75
                else "disputed" if x < 0.85 else None)

    def turned_away_incident(self, t, r, run, case_id, att_id, cat, eff, doc_pickers, rnd=None):
        """A turned-away report of an attempt; rnd: the shape's generator
        (--incidents-per-case), else the main one."""
        docs, pick = doc_pickers[cat]
        if rnd is not None:
            pick = weighted_draw(DOCUMENTS[cat][1], rnd)
        rnd = rnd or self.rnd
        _, mp, g = self.routes[r]
        if mp is None:
            mp_id, gate_id = None, self.gate_ids[g]
        else:
            mp_id = self.mp_ids[mp]
            gate_id = self.gate_ids[g] if run is not None and rnd() < 0.5 else None
        x = rnd()
        if gate_id is not None:
            denied = ("us_forces" if x < 0.75 else "crowd" if x < 0.85
                      else "unknown" if x < 0.95 else None)
            reason = REASONS_GATE[int(rnd() * len(REASONS_GATE))]
        else:
            denied = ("taliban" if x < 0.8 else "unknown" if x < 0.9
                      else "crowd" if x < 0.95 else None)
            reason = REASONS_MP[int(rnd() * len(REASONS_MP))]
        if rnd() < 0.05:
            reason = None
        documents = None if rnd() < 0.1 else docs[pick()]
        x = rnd()
        people = eff if x < 0.75 else (None if x < 0.95 else eff + 1 + int(rnd() * 30))
        m = t + 5 + int(rnd() * 55)
        self.incidents.append((m, ("turned_away", m, mp_id, gate_id, case_id,
                                   None if rnd() < 0.08 else att_id, denied, reason, documents,
                                   people, self.verification(rnd), self.source(0.7, rnd), None)))

    def write_runs(self, w):
        rnd, ts = self.rnd, self.ts
        route_ids = [r[0] for r in self.routes]
        for i, (dep, r, escort, arr, status, src, notes) in enumerate(self.run_rows):
            x = rnd()
            if x < 0.10:
                people = None
            elif x < 0.115 and self.run_admitted[i] > 0:
                people = max(0, self.run_admitted[i] - 1 - int(rnd() * 5))   # under-counted
            else:
                people = self.run_people[i] + int(rnd() * 26)
            w.row((self.run_ids[i], route_ids[r], escort, ts(dep),
                   None if arr is None else ts(arr), people, status, src, notes))

    def write_incidents(self, w):
        ts = self.ts
        items = self.incidents
        order = sorted(range(len(items)), key=lambda i: items[i][0])   # stable: ties keep order
        width = max(7, len(str(len(items))))
        for n, i in enumerate(order, 1):
            row = items[i][1]
            w.row(("I%0*d" % (width, n), row[0], ts(row[1])) + row[2:])


class Writer:
    """A buffered CSV or NDJSON writer for one kind."""

    def __init__(self, path, kind, fmt):
        self.file = open(path, "w", encoding="utf-8", newline="", buffering=1 << 20)
        self.columns = COLUMNS[kind]
        self.rows = 0
        if fmt == "csv":
            self.csv = csv.writer(self.file)          # RFC 4180: CRLF, minimal quoting
            self.csv.writerow(self.columns)
            self.row = self._csv_row
        else:
            # Keys are fixed, so each line is built from precomputed '"key":'
            # prefixes and json's C string encoder (same text as json.dumps
            # with ensure_ascii=False and compact separators).
            self.prefixes = [("{" if i == 0 else ",") + json.dumps(c) + ":"
                             for i, c in enumerate(self.columns)]
            self.encode_str = json.encoder.encode_basestring
            self.row = self._json_row

    def _csv_row(self, values):
        self.rows += 1
        self.csv.writerow(values)

    def _json_row(self, values):
        self.rows += 1
        enc = self.encode_str
        parts = []
        for prefix, v in zip(self.prefixes, values):
            if v is None:
                parts.append(prefix + "null")
            elif v.__class__ is str:
                parts.append(prefix + enc(v))
            else:                                     # int or float
                parts.append(prefix + repr(v))
        parts.append("}\n")
        self.file.write("".join(parts))

    def close(self):
        self.file.close()


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="generate.py",
        description="Write a synthetic, deterministic Passage data set (one file per record "
                    "kind: sources, muster_points, gates, routes, cases, escort_runs, attempts, "
                    "incidents, outcomes) into DIR. About 5 rows per case: 20000 cases give "
                    "about 100,000 rows, 200000 about 1,000,000. Events fall on 2021-08-17 .. "
                    "2021-08-30, local times in the default event zone +04:30.",
        epilog="Example: Scripts/generate.py --cases 20000 --seed 7 --out /tmp/passage-20k "
               "&& passage load /tmp/passage-20k")
    parser.add_argument("--cases", type=int, required=True, metavar="N",
                        help="number of cases (>= 1)")
    parser.add_argument("--seed", type=int, default=1, metavar="S",
                        help="random seed (default 1); the same arguments give identical files")
    parser.add_argument("--format", choices=["csv", "ndjson"], default="csv",
                        help="output format (default csv)")
    parser.add_argument("--out", required=True, metavar="DIR",
                        help="output folder, created if missing; existing files of the same "
                             "names are overwritten")
    parser.add_argument("--notes-words", type=int, default=0, metavar="N",
                        help="give every record a note of about N words (default 0: notes on "
                             "about 1 record in 50, a few words each)")
    parser.add_argument("--incidents-per-case", type=float, metavar="X",
                        help="add turned-away reports of the cases' attempts up to about X "
                             "incidents per case (default: about %g)" % NATURAL_INCIDENTS_PER_CASE)
    parser.add_argument("--quiet", action="store_true",
                        help="do not print the row counts on standard error")
    args = parser.parse_args(argv)
    if args.cases < 1:
        parser.error("--cases must be at least 1")
    if args.notes_words < 0 or (args.incidents_per_case is not None and args.incidents_per_case < 0):
        parser.error("--notes-words and --incidents-per-case must not be negative")

    started = time.perf_counter()
    counts = Generator(args.cases, args.seed, args.notes_words, args.incidents_per_case).run(args.out, args.format)
    if not args.quiet:
        for kind in KINDS:
            print("%-14s %9d" % (kind, counts[kind]), file=sys.stderr)
        print("%-14s %9d  (%.1f s)" % ("total", sum(counts.values()),
                                       time.perf_counter() - started), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
