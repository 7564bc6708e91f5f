"""The record kinds as Passage describes them, for the scripts.

Read from Schema/kinds.json, which is generated from the Swift kind
descriptions (Sources/Passage/Records/RecordKind.swift) and tested equal to
them by SchemaDescriptionTests: the scripts keep no column lists of their own.
"""

import json
import os

_PATH = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "Schema", "kinds.json")

with open(_PATH, encoding="utf-8") as _file:
    DESCRIPTION = json.load(_file)

# Kinds in dependency (load) order, and each kind's columns in order.
KINDS = [entry["kind"] for entry in DESCRIPTION]
COLUMNS = {entry["kind"]: [column["name"] for column in entry["columns"]] for entry in DESCRIPTION}


def _names(test):
    return {column["name"] for entry in DESCRIPTION for column in entry["columns"] if test(column)}


# Column names by type, over every kind (a name has one type in every kind).
TIME_COLUMNS = _names(lambda column: column["type"] == "time")
INTEGER_COLUMNS = _names(lambda column: column["type"] == "integer")
REAL_COLUMNS = _names(lambda column: column["type"] == "real")
NUMERIC_COLUMNS = INTEGER_COLUMNS | REAL_COLUMNS
PERSONAL_COLUMNS = _names(lambda column: column["personal"])
# (kind, column) -> the value stored when it is not known.
DEFAULTS = {(entry["kind"], column["name"]): column["default"]
            for entry in DESCRIPTION for column in entry["columns"] if column.get("default") is not None}
