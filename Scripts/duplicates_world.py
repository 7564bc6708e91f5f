#!/usr/bin/env python3
"""Generate a labelled data set for `passage duplicates`.

Families ("parties") are invented, then reported by one, two or three
sources, each report a case of its own with its own id and the noise real
lists have: Dari/Pashto names transliterated differently (Mohammad/
Muhammad/Mohammed/Mohd, Hussain/Hussein/Hossein, Abdul Rahman/Abdulrahman,
-ullah/-ulla/ Ullah), given and family names swapped or written
"FAMILY, Given", the family name left out, typos, upper case; birth dates
as a year where another list has a full date, sometimes a day off; phones
as +93 70 123 4567, 0093701234567 or 0701234567; document numbers with or
without dashes and spaces, in any case; members missing from a report; a
size one off.  Hard negatives: very common names (Mohammad Ahmadi),
intermediaries whose one phone many unrelated families give, and brothers'
families that share a family name, a phone and a muster point.

Writes into --out: sources, muster_points, gates, routes, cases, members,
attempts (.csv) and truth.csv (case_a,case_b: every pair of cases that
report one party, case_a < case_b).  The same arguments give the same files.

    Scripts/duplicates_world.py --cases 20000 --out /tmp/dw --seed 7
"""

import argparse
import csv
import os
import random
from datetime import date, timedelta

MALE = ("Mohammad:60 Ahmad:20 Ali:18 Abdul Rahman:6 Hussain:10 Hassan:8 Naqibullah:3 Hamidullah:4 Rahmatullah:4 "
        "Abdullah:8 Jawad:4 Farid:4 Karim:4 Nasir:4 Omar:5 Yusuf:4 Zabihullah:3 Bashir:4 Qasim:3 Wahid:3 "
        "Mahmood:4 Sayed:5 Jamshid:2 Khalid:3 Rashid:3 Sharif:3 Aziz:3 Habib:3 Tariq:3 Najib:3 Walid:2 "
        "Samiullah:3 Ehsanullah:2 Mirwais:2 Shafiq:2 Faisal:2 Idris:2 Haroon:2 Belal:2 Asad:2 Jalal:2 "
        "Hekmatullah:2 Nawid:2 Obaidullah:2 Parwiz:1 Ramin:2 Sohrab:1 Timur:1 Zubair:2 Hedayat:1 Ismail:2 "
        "Jamal:2 Kabir:2 Latif:2 Mansur:2 Noor:3 Qadir:2 Rafi:2 Sadiq:2 Wali:2 Yasin:2 Zaher:2")
FEMALE = ("Fatima:20 Maryam:15 Zainab:12 Aisha:8 Laila:8 Sima:6 Nargis:6 Roya:5 Shukria:4 Farida:5 Mina:5 "
          "Parwana:4 Habiba:4 Nadia:5 Sadia:3 Zahra:8 Khadija:6 Marzia:3 Hasina:3 Shabnam:4 Tahmina:3 "
          "Nilofar:3 Freshta:3 Gulalai:2 Malalai:2 Mursal:2 Nazanin:2 Samira:3 Wahida:2 Zarghona:2 "
          "Sharifa:2 Latifa:2 Arezo:2 Benafsha:1 Diba:1 Fariba:2 Homa:2 Lina:2 Mahbooba:2 Najiba:2 "
          "Pashtana:1 Rahima:2 Sahar:2 Tamana:2 Yalda:2 Zohal:1 Shirin:2 Soraya:2 Karima:2 Madina:2")
FAMILY_COMMON = ("Ahmadi:30 Mohammadi:25 Hussaini:15 Rahimi:10 Karimi:12 Sadat:8 Noori:8 Hakimi:6 Haidari:8 "
                 "Rezaei:5 Amiri:7 Azizi:7 Habibi:6 Nazari:5 Jafari:6 Qaderi:4 Rasuli:4 Safi:5 Sultani:4 Wardak:5 "
                 "Popal:3 Stanikzai:3 Popalzai:3 Barakzai:4 Durrani:4 Sherzad:3 Mirzaei:3 Omari:4 Yousufzai:3")
SYLLABLES_A = "Ba Da Fa Ga Ha Ja Ka La Ma Na Pa Qa Ra Sa Ta Wa Za Sha Kha Gha Mu Ni Zi Ro Du Ka Ba Ta".split()
SYLLABLES_B = "rak dan fir gul han jam kar lan mir nas pur qal ras sar tan wal zar shin khel ghar mand nik bar".split()
SUFFIXES = "zai i yar wal khel i zada i ani".split()

# Spellings one source or another uses for a name (all in the same family).
VARIANTS = {
    "Mohammad": ["Muhammad", "Mohammed", "Mohd", "Mohamad", "Muhammed", "Md"],
    "Hussain": ["Hussein", "Hossein", "Husain", "Hosain"],
    "Hassan": ["Hasan", "Hasen"],
    "Ahmad": ["Ahmed", "Ahmet"],
    "Abdul Rahman": ["Abdulrahman", "Abdurrahman", "Abdul-Rahman"],
    "Abdullah": ["Abdulla", "Abd Ullah"],
    "Naqibullah": ["Naqib Ulla", "Naqibulla", "Naqib Ullah"],
    "Hamidullah": ["Hamid Ullah", "Hamidulla"],
    "Rahmatullah": ["Rahmat Ullah", "Rahmatulla"],
    "Zabihullah": ["Zabiullah", "Zabih Ullah"],
    "Samiullah": ["Sami Ullah", "Samiulla"],
    "Ehsanullah": ["Ihsanullah", "Ehsan Ullah"],
    "Hekmatullah": ["Hikmatullah", "Hekmat Ullah"],
    "Obaidullah": ["Ubaidullah", "Obaid Ullah"],
    "Yusuf": ["Yousuf", "Yousef", "Yosuf"],
    "Mahmood": ["Mahmud", "Mehmood"],
    "Qasim": ["Kasim", "Qasem"],
    "Wahid": ["Waheed", "Vahid"],
    "Sayed": ["Sayyed", "Said", "Syed"],
    "Zainab": ["Zaynab", "Zeinab"],
    "Fatima": ["Fatema", "Fatimah"],
    "Aisha": ["Ayesha", "Aysha"],
    "Maryam": ["Mariam", "Maryum"],
    "Zahra": ["Zehra", "Zohra"],
    "Khadija": ["Khadijah", "Khadeeja"],
    "Noori": ["Nouri", "Nuri"],
    "Hussaini": ["Husseini", "Hosseini", "Husaini"],
    "Mohammadi": ["Muhammadi", "Mohamadi"],
    "Rezaei": ["Rezai", "Rezayee"],
    "Haidari": ["Haideri", "Heydari"],
    "Yousufzai": ["Yousafzai", "Yusufzai"],
    "Rasuli": ["Rasooli", "Rasouli"],
    "Jafari": ["Jafary", "Jaafari"],
    "Qaderi": ["Qadiri", "Kaderi"],
}

CATEGORIES = ["us_citizen", "lpr", "siv", "p1p2", "afghan_at_risk", "third_country", "other"]
CATEGORY_WEIGHTS = [8, 14, 30, 12, 30, 3, 3]
SOURCES = [("src-%02d" % i, kind) for i, kind in enumerate(
    ["network"] * 8 + ["us_official"] * 3 + ["family"] * 4 + ["evacuee"] * 2 + ["media", "other"], start=1)]
MUSTER_POINTS = ["mp-%02d" % i for i in range(1, 11)]
GATES = ["g-abbey", "g-east", "g-north"]


def weighted(spec):
    names, weights = [], []
    for item in spec.split():
        name, weight = item.rsplit(":", 1)
        names.append(name.replace("_", " "))
        weights.append(int(weight))
    return names, weights


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=20000, help="about this many cases in all")
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    World(rng, args.cases).write(args.out)


class World:
    def __init__(self, rng, cases):
        self.rng = rng
        self.target = cases
        self.male = weighted(MALE.replace("Abdul Rahman", "Abdul_Rahman"))
        self.female = weighted(FEMALE)
        common = weighted(FAMILY_COMMON)
        # A long tail of rarer family names, made of syllables.
        rare = sorted({rng.choice(SYLLABLES_A) + rng.choice(SYLLABLES_B) + rng.choice(SUFFIXES) for _ in range(6000)})
        self.family_names = common[0] + rare
        self.family_weights = [w * 40 for w in common[1]] + [1] * len(rare)
        self.intermediaries = ["7%08d" % rng.randrange(10 ** 8) for _ in range(60)]
        self.cases, self.members, self.attempts, self.truth = [], [], [], []
        self.case_number = 0
        self.member_number = 0
        self.attempt_number = 0

    # -- parties --------------------------------------------------------

    def birth(self, low, high):
        start = date(low, 1, 1)
        return start + timedelta(days=self.rng.randrange((date(high, 1, 1) - start).days))

    def person(self, sex, family, low, high, relationship):
        names, weights = self.male if sex == "male" else self.female
        given = self.rng.choices(names, weights)[0]
        # Half of the men carry a second given name (Mohammad Nabi).
        if sex == "male" and self.rng.random() < 0.3:
            second = self.rng.choices(names, weights)[0]
            if second != given:
                given = given + " " + second
        return {"given": given, "family": family, "sex": sex, "birth": self.birth(low, high), "relationship": relationship}

    def party(self, family=None, phone=None, places=None):
        rng = self.rng
        size = rng.choices(range(1, 10), [22, 14, 13, 14, 13, 10, 7, 4, 3])[0]
        family = family or rng.choices(self.family_names, self.family_weights)[0]
        people = [self.person("male" if rng.random() < 0.8 else "female", family, 1960, 1995, "principal")]
        if size >= 2:
            people.append(self.person("female" if people[0]["sex"] == "male" else "male", family, 1965, 2000, "spouse"))
        while len(people) < size:
            people.append(self.person(rng.choice(["male", "female"]), family, 2002, 2021, "child"))
        if phone is None:
            phone = rng.choice(self.intermediaries) if rng.random() < 0.12 else "7%08d" % rng.randrange(10 ** 8)
        for person in people:
            if rng.random() < 0.5 and person["relationship"] != "child":
                kind = rng.choice(["tazkira", "afghan_passport", "green_card", "siv_letter"])
                number = ("%04d-%04d-%05d" % (rng.randrange(1390, 1401), rng.randrange(10000), rng.randrange(100000))
                          if kind == "tazkira" else "%s%07d" % (rng.choice("PQRSTU"), rng.randrange(10 ** 7)))
                person["document"] = (kind, number)
        places = places or [(rng.choice(MUSTER_POINTS), 16 + rng.randrange(14)) for _ in range(rng.choice([1, 1, 2, 3]))]
        return {"size": size, "category": rng.choices(CATEGORIES, CATEGORY_WEIGHTS)[0], "people": people,
                "phone": phone, "places": places, "family": family}

    # -- reports (cases) with noise ----------------------------------------

    def spell(self, word):
        rng = self.rng
        if word in VARIANTS and rng.random() < 0.6:
            word = rng.choice(VARIANTS[word])
        for part in list(VARIANTS):
            if " " not in part and part in word and part != word and rng.random() < 0.3:
                word = word.replace(part, rng.choice(VARIANTS[part]).replace(" ", ""))
        if rng.random() < 0.25 and word.endswith("ullah"):
            word = word[:-5] + rng.choice(["ulla", " Ullah", " Ulla"])
        return word

    def typo(self, word):
        rng = self.rng
        letters = "abcdefghijklmnopqrstuvwxyz"
        if len(word) < 4:
            return word
        i = rng.randrange(1, len(word) - 1)
        kind = rng.randrange(4)
        if kind == 0:
            return word[:i] + rng.choice(letters) + word[i + 1:]
        if kind == 1:
            return word[:i] + word[i + 1:]
        if kind == 2:
            return word[:i] + rng.choice(letters) + word[i:]
        return word[:i - 1] + word[i] + word[i - 1] + word[i + 1:]

    def name(self, person, style):
        rng = self.rng
        given = " ".join(self.spell(w) for w in person["given"].split(" ")) if person["given"] != "Abdul Rahman" else self.spell("Abdul Rahman")
        family = self.spell(person["family"])
        if rng.random() < 0.12:
            given = self.typo(given)
        if rng.random() < 0.08:
            family = self.typo(family)
        if rng.random() < 0.1:
            text = given                                   # family name left out
        elif style == "comma" or rng.random() < 0.05:
            text = family.upper() + ", " + given if rng.random() < 0.5 else family + ", " + given
        elif style == "swapped" or rng.random() < 0.05:
            text = family + " " + given
        else:
            text = given + " " + family
        if style == "upper" or rng.random() < 0.05:
            text = text.upper()
        return text

    def birth_text(self, birth):
        rng = self.rng
        r = rng.random()
        if r < 0.1:
            return ""
        if r < 0.45:
            return "%04d" % birth.year
        if r < 0.52:
            return "%04d-%02d" % (birth.year, birth.month)
        if r < 0.56:
            birth = birth + timedelta(days=rng.choice([-1, 1]))
        return birth.isoformat()

    def phone_text(self, phone):
        rng = self.rng
        national = phone  # 9 digits, 7xxxxxxxx
        form = rng.randrange(4)
        if form == 0:
            return "+93 %s %s %s" % (national[:2], national[2:5], national[5:])
        if form == 1:
            return "0093" + national
        if form == 2:
            return "0" + national
        return "+93" + national

    def document_text(self, number):
        rng = self.rng
        form = rng.randrange(4)
        if form == 0:
            return number
        if form == 1:
            return number.replace("-", "")
        if form == 2:
            return number.replace("-", " ").lower()
        return "-".join(number.replace("-", "")[i:i + 4] for i in range(0, len(number.replace("-", "")), 4))

    def report(self, party, source, first):
        rng = self.rng
        self.case_number += 1
        case_id = "c-%06d" % self.case_number
        size = party["size"]
        if not first and rng.random() < 0.12:
            size = max(1, size + rng.choice([-1, 1]))
        category = party["category"] if first or rng.random() < 0.92 else rng.choices(CATEGORIES, CATEGORY_WEIGHTS)[0]
        style = rng.choice(["plain"] * 6 + ["comma", "swapped", "upper"])
        people = [p for p in party["people"] if first and rng.random() < 0.97 or not first and rng.random() < 0.85]
        # A report names at least one person of the party.
        people = people[:size] or [party["people"][0]]
        self.cases.append([case_id, "", category, size, "", "", "", source, ""])
        for person in people:
            self.member_number += 1
            document = person.get("document")
            give_document = document and rng.random() < 0.6
            give_phone = person["relationship"] == "principal" and rng.random() < 0.7
            self.members.append([
                "m-%07d" % self.member_number, case_id, self.name(person, style), self.birth_text(person["birth"]),
                person["sex"] if rng.random() < 0.9 else "unknown", person["relationship"] if rng.random() < 0.9 else "unknown",
                document[0] if give_document else "unknown", self.document_text(document[1]) if give_document else "",
                self.phone_text(party["phone"]) if give_phone else "", source, ""])
        for place, day in party["places"]:
            if rng.random() < 0.6:
                self.attempt_number += 1
                moment = date(2021, 8, 1) + timedelta(days=day + rng.choice([0, 0, 0, 1]))
                route = "rt-%s-%s" % (place, GATES[MUSTER_POINTS.index(place) % len(GATES)])
                self.attempts.append(["a-%07d" % self.attempt_number, case_id, route,
                                      "%sT%02d:%02d" % (moment.isoformat(), rng.randrange(24), rng.randrange(60)),
                                      rng.choice(["turned_away", "turned_away", "admitted", "no_show"]), "", "", source, ""])
        return case_id

    def write(self, out):
        rng = self.rng
        while self.case_number < self.target:
            # Brothers' families: one family name, one phone, one muster point, two parties.
            if rng.random() < 0.05:
                first = self.party()
                parties = [first, self.party(family=first["family"], phone=first["phone"], places=first["places"])]
            else:
                parties = [self.party()]
            for party in parties:
                reports = rng.choices([1, 2, 3], [70, 25, 5])[0]
                sources = rng.sample(SOURCES, reports)
                ids = [self.report(party, source[0], index == 0) for index, source in enumerate(sources)]
                for i, a in enumerate(ids):
                    for b in ids[i + 1:]:
                        self.truth.append((min(a, b), max(a, b)))
        os.makedirs(out, exist_ok=True)
        def put(name, header, rows):
            with open(os.path.join(out, name), "w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle, lineterminator="\n")
                writer.writerow(header)
                writer.writerows(rows)
        put("sources.csv", ["id", "kind"], SOURCES)
        put("muster_points.csv", ["id", "name"], [(p, "Muster point " + p) for p in MUSTER_POINTS])
        put("gates.csv", ["id", "name"], [(g, g) for g in GATES])
        put("routes.csv", ["id", "muster_point_id", "gate_id"],
            [("rt-%s-%s" % (p, GATES[i % len(GATES)]), p, GATES[i % len(GATES)]) for i, p in enumerate(MUSTER_POINTS)])
        put("cases.csv", ["id", "label", "category", "size", "children", "contact", "registered_at", "source_id", "notes"], self.cases)
        put("members.csv", ["id", "case_id", "name", "birth_date", "sex", "relationship", "document_kind", "document_number",
                            "phone", "source_id", "notes"], self.members)
        put("attempts.csv", ["id", "case_id", "route_id", "attempted_at", "result", "escort_run_id", "people", "source_id", "notes"],
            self.attempts)
        put("truth.csv", ["case_a", "case_b"], sorted(self.truth))


if __name__ == "__main__":
    main()
