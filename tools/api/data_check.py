"""Spreadsheets, read by the tools people use: every .xlsx opens with openpyxl with the same rows
as its CSV (text as text, "Pécs" intact, full dates as dates, partial dates as text, the header
frozen). The feeds are feeds_check.py's.

Usage: python data_check.py BASE_URL"""
import csv
import datetime
import io
import sys
import urllib.request

import openpyxl

base = sys.argv[1]
bad = 0


def get(path):
    return urllib.request.urlopen(base + path).read()


def check(ok, what):
    global bad
    print(("ok  " if ok else "BAD ") + what)
    bad += 0 if ok else 1


for lang in ["en", "id"]:
    for name, query in [("ties", ""), ("ties", "?country=JP"), ("places", ""), ("reports", "")]:
        rows = list(csv.reader(io.StringIO(get(f"/{lang}/{name}.csv{query}").decode("utf-8"))))
        book = openpyxl.load_workbook(io.BytesIO(get(f"/{lang}/{name}.xlsx{query}")))
        sheet = book.active
        cells = [[c for c in r] for r in sheet.iter_rows(values_only=True)]
        same = len(cells) == len(rows)
        for csv_row, xl_row in zip(rows, cells):
            for a, b in zip(csv_row, xl_row):
                if b is None:
                    b = ""
                elif isinstance(b, bool):
                    b = "true" if b else "false"
                elif isinstance(b, datetime.datetime):
                    b = b.date().isoformat()
                elif isinstance(b, float):
                    b = ("%d" % b) if b == int(b) and "." not in a else repr(b)
                # The CSV neutralises formula-looking text with a leading apostrophe; xlsx stores it as text.
                if a.startswith("'") and a[1:] == b:
                    continue
                if str(b) != a and not (a.replace(".", "", 1).lstrip("-").isdigit() and float(a) == float(b)):
                    same = False
                    print(f"  {name}: csv {a!r} xlsx {b!r}")
                    break
        check(same, f"/{lang}/{name}.xlsx{query}: {len(cells)} rows, the same as the CSV")
        check(sheet.freeze_panes == "A2", f"/{lang}/{name}.xlsx: header frozen ({sheet.freeze_panes})")
        if name == "places":
            check(any("Pécs" in (r or "") for row in cells for r in row if isinstance(r, str)), "Pécs round-trips")
        if name == "ties" and not query:
            col = rows[0].index("first_agreement_signed_on")
            kinds = {type(r[col]).__name__ for r in cells[1:] if r[col] is not None}
            check(kinds <= {"str", "datetime"}, f"partial dates as text, full dates as dates: {kinds}")

print(f"data: {bad} failed")
sys.exit(1 if bad else 0)
