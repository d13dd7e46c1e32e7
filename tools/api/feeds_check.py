"""Every Atom feed the site has, checked with tools nobody here wrote. The feeds are found from the
sitemap: the home page, every place and every tie, in both languages, each has its own feed (and a
sample of pages is fetched to see that the feed each advertises with <link rel="alternate"
type="application/atom+xml"> is among them). Each feed must be valid against RFC 4287's RELAX NG
schema (`xmllint --relaxng atom.rng`, the XML syntax of tools/api/atom.rnc), parse with feedparser
without bozo, carry no epoch date (1970-01-01) anywhere, and give each entry an id, a link, a
content and a unique `updated`. Prints "N feeds valid, 0 errors"; exits 1 on any error.

Usage: python feeds_check.py BASE_URL  (xmllint on PATH: Debian's libxml2-utils; feedparser)."""
import concurrent.futures
import html
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import feedparser

base = sys.argv[1].rstrip("/")
schema = os.path.join(os.path.dirname(os.path.abspath(__file__)), "atom.rng")
started = time.monotonic()
errors = []


def get(path):
    with urllib.request.urlopen(base + path, timeout=120) as res:
        return res.status, res.headers.get("Content-Type", ""), res.read()


# The feeds: one for each page of the sitemap that has its own (the home page, places, ties).
sitemap = ET.fromstring(get("/sitemap.xml")[2])
pages = []
for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
    path = urllib.parse.urlsplit(loc.text.strip()).path
    if re.fullmatch(r"/(id|en)/?|/(id|en)/(places|ties)/[^/]+", path):
        pages.append(path.rstrip("/"))
feeds = sorted({p + "/feed.atom" for p in pages})

# What pages advertise is among them: the home page, the first and last place and tie of each
# language, every twentieth page, and a list page (which advertises the site's feed).
ADVERTISED = re.compile(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"')
sample = sorted(set(pages[:: max(1, len(pages) // 20)] + pages[:3] + pages[-3:] + ["/en/ties", "/id/places"]))
for page in sample:
    try:
        links = ADVERTISED.findall(get(page)[2].decode("utf-8"))
    except Exception as e:
        errors.append(f"{page}: {e}")
        continue
    if not links:
        errors.append(f"{page}: advertises no Atom feed")
    for href in links:
        feed = urllib.parse.urlsplit(urllib.parse.urljoin(base + page, html.unescape(href))).path
        if feed not in feeds:
            errors.append(f"{page}: advertises {feed}, which the sitemap does not lead to")


def fetch(path):
    try:
        return path, get(path)
    except Exception as e:  # reported below, with the feed's path
        return path, (None, "", str(e).encode())


folder = tempfile.mkdtemp(prefix="pantau-feeds-")
files = {}
with concurrent.futures.ThreadPoolExecutor(max_workers=6) as pool:
    for n, (path, (status, kind, body)) in enumerate(pool.map(fetch, feeds)):
        if status != 200 or not kind.startswith("application/atom+xml"):
            errors.append(f"{path}: {status} {kind} {body[:200]!r}")
            continue
        name = os.path.join(folder, f"feed-{n:05}.xml")
        with open(name, "wb") as f:
            f.write(body)
        files[name] = path
        if b"1970-01-01" in body:
            errors.append(f"{path}: an epoch date (1970-01-01)")
        feed = feedparser.parse(body)
        updated = [e.get("updated") for e in feed.entries]
        if feed.bozo or feed.version != "atom10":
            errors.append(f"{path}: feedparser: {feed.get('bozo_exception', feed.version)}")
        if not all(e.get("id") and e.get("link") and e.get("content") and e.get("updated") for e in feed.entries):
            errors.append(f"{path}: an entry without id, link, content or updated")
        if len(set(updated)) != len(updated):
            errors.append(f"{path}: two entries share an updated value")
        if any(u.startswith("1970") for u in updated + [feed.feed.get("updated", "1970")]):
            errors.append(f"{path}: dated 1970, or not dated")
fetched = time.monotonic() - started

# RFC 4287's schema, many files per xmllint run; every file must be reported valid.
valid = 0
names = sorted(files)
for i in range(0, len(names), 400):
    chunk = names[i : i + 400]
    run = subprocess.run(["xmllint", "--noout", "--relaxng", schema, *chunk], capture_output=True, text=True)
    for line in run.stderr.splitlines():
        if line.endswith(" validates"):
            valid += 1
            continue
        for name, path in files.items():
            line = line.replace(name, path)
        errors.append(f"xmllint: {line}")
    if run.returncode not in (0, 3) and not run.stderr:
        errors.append(f"xmllint exited with {run.returncode}")
for name in names:
    os.remove(name)
os.rmdir(folder)

for e in errors[:60]:
    print("BAD " + e)
if len(errors) > 60:
    print(f"… and {len(errors) - 60} more")
print(f"{valid} feeds valid, {len(errors)} errors ({len(feeds)} feeds found from the sitemap, "
      f"{len(sample)} pages' feed links checked; fetched in {fetched:.1f} s, "
      f"{time.monotonic() - started:.1f} s in all)")
sys.exit(0 if not errors and valid == len(feeds) > 0 else 1)
