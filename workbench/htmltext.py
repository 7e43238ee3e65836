"""Visible text of an HTML page (scripts, styles and markup removed)."""

from __future__ import annotations

from html.parser import HTMLParser

_SKIP = {"script", "style", "noscript", "template", "svg", "head", "iframe"}
_BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
          "section", "article", "header", "footer", "blockquote", "title", "figcaption", "nav", "hr"}


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip_depth += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip_depth:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """The text a reader sees, one block element per line."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    return "".join(parts for parts in parser.parts)


def looks_like_html(text: str) -> bool:
    if "<" not in text[:2000]:  # both tests need a '<' in the head (lowering makes none): plain text ends here
        return False
    head = text[:2000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)
