"""The text a reader sees of an HTML fragment (results.json's `output` when output_format is "html").

Block elements start new lines, table cells on a row are two spaces apart, <pre> keeps its
whitespace, elsewhere runs of whitespace read as one space, entities are decoded, an image reads as
"[image: its alt text]", and what is never shown (<style>, <script>, <head>) is left out.
"""
from html.parser import HTMLParser

BLOCKS = {"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
          "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "ol", "p", "pre",
          "section", "table", "tbody", "tfoot", "thead", "tr", "ul"}
CELLS = {"td", "th"}
UNSHOWN = {"head", "script", "style", "template", "title"}


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines, self.line, self.pre, self.unshown, self.cells = [], "", 0, 0, 0

    def _break(self):
        if self.line.strip():
            self.lines.append(self.line.strip(" "))
        self.line, self.cells = "", 0

    def handle_starttag(self, tag, attrs):
        if tag in UNSHOWN:
            self.unshown += 1
        elif tag in BLOCKS:
            self._break()
            self.pre += tag == "pre"
        elif tag in CELLS:
            self.line += "  " if self.cells else ""
            self.cells += 1
        elif tag == "img" and not self.unshown:
            self.line += f"[image: {dict(attrs).get('alt') or 'no description'}]"

    def handle_endtag(self, tag):
        if tag in UNSHOWN:
            self.unshown = max(0, self.unshown - 1)
        elif tag in BLOCKS:
            if tag == "pre" and self.pre:
                self.lines.append(self.line)
                self.line, self.pre = "", self.pre - 1
            self._break()

    def handle_data(self, data):
        if self.unshown:
            return
        if self.pre:
            self.line += data
            return
        words = " ".join(data.split())
        if words:
            sep = " " if (data[:1].isspace() and self.line and not self.line.endswith(" ")) else ""
            self.line += sep + words + (" " if data[-1:].isspace() else "")


def text(markup):
    """The text of HTML markup (a str), one line per block, for previews and tests."""
    reader = _Reader()
    reader.feed(markup)
    reader.close()
    reader._break()
    return "\n".join(line.rstrip() for line in "\n".join(reader.lines).split("\n"))
