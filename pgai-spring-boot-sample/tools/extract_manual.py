#!/usr/bin/env python3
"""Writes src/main/resources/data/manual.tsv.gz: the PostgreSQL 15 manual, one row per page, in reading order.

Reads the HTML manual of Debian's postgresql-doc-15 package (apt-get install postgresql-doc-15) and
writes, in PostgreSQL's COPY text format, gzip-compressed:

    file  title  chapter  part  text

- file: the page's file name, e.g. sql-createtable.html (the link to the page on postgresql.org);
- title: the page's <title>;
- chapter and part: found by following each page's "Up" link to the top. The chapter is the
  ancestor just below a part (a numbered chapter, an appendix or a reference section such as
  "SQL Commands"), the part the one just below the manual's front page; a page with no part
  (the preface, the index) is its own chapter;
- text: the page's content without the navigation header and footer and without its heading (the
  title), block elements on lines of their own, paragraphs separated by a blank line, <pre> blocks (synopses, examples) as written.

The package's version and license go to src/main/resources/data/MANUAL-SOURCE.txt.
Run from the sample module: python3 tools/extract_manual.py [html directory]
"""
import gzip
import html.parser
import os
import re
import subprocess
import sys

HTML = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/doc/postgresql-doc-15/html"
OUT = os.path.join("src", "main", "resources", "data")

BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "pre", "li", "dt", "dd", "tr", "table", "ul", "ol",
          "dl", "blockquote", "br", "hr", "caption"}
SKIPPED = {"navheader", "navfooter", "toc", "list-of-tables", "list-of-figures", "list-of-examples"}


class Page(html.parser.HTMLParser):
    """The title, the Up link and the text of one page of the manual."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.up = None
        self.next = None
        self.parts = []
        self.in_title = False
        self.pre = 0
        self.skipping = 0  # depth of open <div>s inside a skipped one
        self.div_depth = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "title":
            self.in_title = True
        if tag == "a" and attrs.get("accesskey") == "u" and self.up is None:
            self.up = attrs.get("href")
        if tag == "a" and attrs.get("accesskey") == "n" and self.next is None:
            self.next = attrs.get("href")
        if tag == "div":
            skip = bool(SKIPPED & set((attrs.get("class") or "").split()))
            self.div_depth.append(skip)
            if skip:
                self.skipping += 1
        if self.skipping:
            return
        if tag == "pre":
            self.pre += 1
            self.parts.append("\n\n")
        elif tag in BLOCKS:
            self.parts.append("\n")
        elif tag == "td" or tag == "th":
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag == "div" and self.div_depth:
            if self.div_depth.pop():
                self.skipping -= 1
                return
        if self.skipping:
            return
        if tag == "pre":
            self.pre -= 1
            self.parts.append("\n\n")
        elif tag in ("p", "h1", "h2", "h3", "h4", "h5", "table", "dl", "ul", "ol", "blockquote"):
            self.parts.append("\n\n")
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.in_title:
            self.title += data
            return
        if self.skipping:
            return
        if self.pre:
            # Newlines of a <pre> kept apart from the layout's, indentation included.
            self.parts.append(data.replace("\n", "\0"))
        else:
            self.parts.append(re.sub(r"\s+", " ", data))

    def text(self):
        raw = "".join(self.parts)
        lines = []
        for line in raw.split("\n"):
            if "\0" in line:
                lines.extend(line.split("\0"))
            else:
                lines.append(line.strip())
        text = "\n".join(line.rstrip() for line in lines)
        return re.sub(r"\n{3,}", "\n\n", text).strip()


def copy_field(value):
    return (value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r"))


def main():
    pages = {}
    for name in sorted(os.listdir(HTML)):
        if not name.endswith(".html"):
            continue
        with open(os.path.join(HTML, name), encoding="utf-8") as f:
            page = Page()
            page.feed(f.read())
        pages[name] = page

    def ancestors(name):
        chain = [name]
        seen = {name}
        while True:
            up = pages[chain[-1]].up
            if up is None or up not in pages or up in seen:
                return chain
            chain.append(up)
            seen.add(up)

    # Reading order: the Next links from the front page; pages they miss (none in 15.20) go last.
    order = []
    current = pages["index.html"].next
    while current in pages and current not in order:
        order.append(current)
        current = pages[current].next
    order += [name for name in pages if name not in order]

    rows = []
    for name in order:
        page = pages[name]
        if name in ("index.html", "bookindex.html"):
            # The front page is a table of contents, the index a list of terms: no content of their own.
            continue
        chain = ancestors(name)
        # chain: the page, ..., the chapter, the part, index.html
        if chain[-1] == "index.html":
            chain = chain[:-1]
        title = lambda n: " ".join(pages[n].title.split())
        if len(chain) >= 2 and title(chain[-1]).startswith("Part "):
            chapter, part = title(chain[-2]), title(chain[-1])
        elif title(chain[-1]).startswith("Part "):
            chapter, part = title(chain[-1]), title(chain[-1])
        else:
            chapter, part = title(chain[-1]), ""
        text = page.text()
        # The page's heading repeats its title, which has a column of its own (and which the
        # vectorizer's formatting puts before every chunk).
        if text.startswith(title(name)):
            text = text[len(title(name)):].lstrip()
        if not text:
            continue
        rows.append("\t".join(copy_field(v) for v in (name, title(name), chapter, part, text)))

    os.makedirs(OUT, exist_ok=True)
    with gzip.GzipFile(os.path.join(OUT, "manual.tsv.gz"), "wb", compresslevel=9, mtime=0) as out:
        out.write(("\n".join(rows) + "\n").encode("utf-8"))
    version = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "postgresql-doc-15"],
                             capture_output=True, text=True).stdout or "unknown"
    with open(os.path.join(OUT, "MANUAL-SOURCE.txt"), "w", encoding="utf-8") as f:
        f.write("manual.tsv.gz: the PostgreSQL 15 manual, extracted by tools/extract_manual.py from the HTML of\n"
                "Debian's postgresql-doc-15 package, version " + version + ".\n\n")
        with open(os.path.join(HTML, "legalnotice.html"), encoding="utf-8") as notice:
            legal = Page()
            legal.feed(notice.read())
        f.write(legal.text() + "\n")
    print(f"{len(rows)} pages written to {OUT}/manual.tsv.gz")


if __name__ == "__main__":
    main()
