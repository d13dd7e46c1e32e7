"""Spreadsheets and feeds, read by the tools people use: every .xlsx opens with openpyxl with the
same rows as its CSV (text as text, "Pécs" intact, full dates as dates, partial dates as text,
the header frozen), and every Atom feed parses with feedparser, with no epoch date and a unique
`updated` per entry.

Usage: python data_check.py BASE_URL"""
import csv
import datetime
import io
import sys
import urllib.request

import feedparser
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

feeds = ["/id/feed.atom", "/en/feed.atom", "/en/places/bandung/feed.atom",
         "/id/ties/ikn-nusantara--astana-kz/feed.atom", "/en/ties/surabaya--liverpool-gb/feed.atom",
         "/en/places/jakarta/feed.atom"]
for path in feeds:
    feed = feedparser.parse(get(path))
    updated = [e.get("updated") for e in feed.entries]
    ok = (not feed.bozo and feed.version == "atom10"
          and all(e.get("id") and e.get("updated") and e.get("link") and e.get("content") for e in feed.entries)
          and len(set(updated)) == len(updated)
          and "1970-01-01" not in feed.feed.get("updated", "1970-01-01")
          and not any(u.startswith("1970") for u in updated))
    check(ok, f"{path}: {len(feed.entries)} entries, no epoch, unique updated {feed.get('bozo_exception', '')}")

print(f"data: {bad} failed")
sys.exit(1 if bad else 0)
