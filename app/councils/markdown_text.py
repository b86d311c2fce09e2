"""The council page's Markdown texts turned into safe HTML (markdown-it-py, raw HTML shown as text)."""

from markupsafe import Markup
from markdown_it import MarkdownIt

# "commonmark" with html=False: a <script> or <a onclick> typed into the text is escaped and shown as
# text; markdown-it's validateLink refuses javascript:, vbscript:, file: and data: links (they stay text).
# Images are off: a page text should not pull in pictures from other sites.
_PARSER = MarkdownIt("commonmark", {"html": False, "typographer": False}).disable("image")
# The page's own heading is the h1 and the text sits in an h2 section: its biggest headings become h3.
_TOP_LEVEL = 3


def _shift_headings(state) -> None:
    headings = [token for token in state.tokens if token.type in ("heading_open", "heading_close")]
    if not headings:
        return
    shift = _TOP_LEVEL - min(int(token.tag[1]) for token in headings)
    for token in headings:
        token.tag = f"h{min(int(token.tag[1]) + shift, 6)}"


_PARSER.core.ruler.push("shift_headings", _shift_headings)


def render_markdown(text: str | None) -> Markup:
    """The text's Markdown as HTML that is safe to put on a page: no raw HTML, no script links."""
    if not text or not text.strip():
        return Markup("")
    return Markup(_PARSER.render(text))
