"""Markdown and HTML loaders: structure kept, markup and page furniture gone, metadata read."""

from __future__ import annotations

from pathlib import Path

import pytest

from byline.errors import EmptyDocument, UnsupportedFormat
from byline.loaders import load

INTERVIEW = """\
---
title: "Power, Cables and Trust: An Interview with Anna Kowalczyk"
author: Petra Marsh
date: 2024-03-05
source: The Meridian Review
---

# Power, Cables and Trust

*An interview by [Petra Marsh](https://meridian.example/marsh), energy correspondent*

**Q: Why did the talks stall?**

**A:** "Because nobody wants to pay for someone
else's grid," she says. Read the [full report](https://meridian.example/report.pdf).

![Anna Kowalczyk at the summit](kowalczyk.jpg)

## The cables

> It is a question of trust,
> not of _cables_.

- First, the cost split.
- Second, the **timeline**.

```python
print("fence")
```

<div class="editor-note">Edited for length.<!-- internal --></div>
"""

NEWS_PAGE = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Grid deal stalls as ministers argue | The Meridian Review</title>
<meta property="og:title" content="Grid deal stalls as ministers argue">
<meta property="og:site_name" content="The Meridian Review">
<meta name="author" content="Petra Marsh">
<meta property="article:published_time" content="2024-03-05T09:30:00+00:00">
<link rel="canonical" href="https://meridian.example/2024/03/grid-deal">
<style>body { color: #222 } .STYLEJUNK { }</style>
<script>var tracking = "SCRIPTJUNK";</script>
</head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World NAVJUNK</a></li></ul></nav>
<div class="cookie-banner">We use cookies COOKIEJUNK. <button>Accept all</button></div>
<article>
<h1>Grid deal stalls as ministers argue</h1>
<p class="byline">By Petra Marsh</p>
<div class="share-bar"><a href="#">Share on Twitter SHAREJUNK</a> <a href="#">Facebook</a></div>
<p>The regional power-sharing agreement stalled on Tuesday after ministers from three
countries failed to agree on how to split the cost of the new interconnector.</p>
<h2>A long negotiation</h2>
<p>“We are not going to sign a deal that leaves our consumers paying for someone else’s grid,”
said Anna Kowalczyk, a Lisbon-based energy analyst, adding that talks would resume.</p>
<p>Officials said the talks would resume next month in Lisbon, where a smaller group of
engineers will try to settle the technical questions first.</p>
<blockquote><p>It is a question of trust, not of cables.</p></blockquote>
</article>
<section class="comments"><h3>Comments</h3><p>Great article! COMMENTJUNK</p></section>
<footer><p>© 2024 The Meridian Review. All rights reserved. FOOTERJUNK</p></footer>
<script>console.log("SCRIPTJUNK2")</script>
</body>
</html>
"""

PARAGRAPHS = (
    "The regional power-sharing agreement stalled on Tuesday after ministers from three "
    "countries failed to agree on how to split the cost of the new interconnector.",
    "“We are not going to sign a deal that leaves our consumers paying for someone else’s grid,” "
    "said Anna Kowalczyk, a Lisbon-based energy analyst, adding that talks would resume.",
    "Officials said the talks would resume next month in Lisbon, where a smaller group of "
    "engineers will try to settle the technical questions first.",
    "It is a question of trust, not of cables.",
)


@pytest.fixture
def interview(tmp_path: Path) -> Path:
    """A Markdown interview with front matter, emphasis, links, an image, a quote and a list."""
    path = tmp_path / "interview.md"
    path.write_text(INTERVIEW, encoding="utf-8")
    return path


@pytest.fixture
def news_page(tmp_path: Path) -> Path:
    """A news article page with nav, scripts, styles, share bar, cookie banner, comments, footer."""
    path = tmp_path / "grid-deal.html"
    path.write_text(NEWS_PAGE, encoding="utf-8")
    return path


def test_markdown_front_matter_gives_metadata(interview: Path) -> None:
    raw = load(interview)
    assert raw.format == "md"
    assert raw.metadata.title == "Power, Cables and Trust: An Interview with Anna Kowalczyk"
    assert raw.metadata.author == "Petra Marsh"
    assert raw.metadata.date == "2024-03-05"
    assert raw.metadata.source == "The Meridian Review"


def test_markdown_blocks_are_one_line_each_without_markup(interview: Path) -> None:
    raw = load(interview)
    assert raw.pages == (
        "\n\n".join(
            [
                "Power, Cables and Trust",
                "An interview by Petra Marsh, energy correspondent",
                "Q: Why did the talks stall?",
                'A: "Because nobody wants to pay for someone else\'s grid," she says. '
                "Read the full report.",
                "The cables",
                "It is a question of trust, not of cables.",
                "First, the cost split.",
                "Second, the timeline.",
                'print("fence")',
                "Edited for length.",
            ]
        ),
    )
    assert raw.headings == ("Power, Cables and Trust", "The cables")
    for markup in ("*", "_cables_", "](", "https://", "kowalczyk.jpg", "<div", "```", "internal"):
        assert markup not in raw.text


def test_markdown_title_falls_back_to_first_heading(tmp_path: Path) -> None:
    path = tmp_path / "plain.md"
    path.write_text("Intro line.\n\n## Minor\n\n# The Real Title\n\nBody.\n", encoding="utf-8")
    raw = load(path)
    assert raw.metadata.title == "The Real Title"
    assert raw.headings == ("Minor", "The Real Title")


def test_markdown_front_matter_lists_and_spelled_dates(tmp_path: Path) -> None:
    path = tmp_path / "list.md"
    path.write_text(
        "---\ntitle: Two voices\nauthors:\n  - Petra Marsh\n  - Anna Kowalczyk\n"
        "date: 5 March 2024\n---\nBody text.\n",
        encoding="utf-8",
    )
    raw = load(path)
    assert raw.metadata.author == "Petra Marsh, Anna Kowalczyk"
    assert raw.metadata.date == "2024-03-05"
    assert raw.text == "Body text."


def test_markdown_with_only_markup_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "images.md"
    path.write_text("![a](a.png)\n\n---\n", encoding="utf-8")
    with pytest.raises(EmptyDocument, match=r"images\.md"):
        load(path)


def test_html_article_paragraphs_without_page_furniture(news_page: Path) -> None:
    raw = load(news_page)
    assert raw.format == "html"
    paragraphs = raw.text.split("\n\n")
    for paragraph in PARAGRAPHS:
        assert paragraph in paragraphs
    for junk in (
        "NAVJUNK",
        "COOKIEJUNK",
        "SHAREJUNK",
        "COMMENTJUNK",
        "FOOTERJUNK",
        "SCRIPTJUNK",
        "STYLEJUNK",
        "Accept all",
        "Home",
    ):
        assert junk not in raw.text
    assert "A long negotiation" in raw.headings
    assert all("\n" not in paragraph for paragraph in paragraphs)


def test_html_metadata(news_page: Path) -> None:
    metadata = load(news_page).metadata
    assert metadata.title == "Grid deal stalls as ministers argue"
    assert metadata.author == "Petra Marsh"
    assert metadata.date == "2024-03-05T09:30:00+00:00"
    assert metadata.url == "https://meridian.example/2024/03/grid-deal"
    assert metadata.source == "The Meridian Review"


def test_html_json_ld_metadata(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Report</title><script type='application/ld+json'>"
        '{"@context": "https://schema.org", "@graph": [{"@type": "NewsArticle", '
        '"headline": "Cables and trust", "datePublished": "2024-03-06", '
        '"author": [{"@type": "Person", "name": "Anna Kowalczyk"}], '
        '"publisher": {"@type": "Organization", "name": "Meridian"}}]}'
        "</script></head><body><article><p>"
        + "A paragraph about the grid and the people who argue over it. " * 8
        + "</p></article></body></html>"
    )
    path = tmp_path / "ld.html"
    path.write_text(page, encoding="utf-8")
    metadata = load(path).metadata
    assert metadata.author == "Anna Kowalczyk"
    assert metadata.date == "2024-03-06"
    assert metadata.source == "Meridian"


def test_short_html_page_falls_back_to_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "short.html"
    path.write_text(
        "<html><body><nav><a href='/'>Home</a></nav><p>Just one short line.</p>"
        "<footer>FOOTERJUNK</footer></body></html>",
        encoding="utf-8",
    )
    raw = load(path)
    assert "Just one short line." in raw.text
    assert "FOOTERJUNK" not in raw.text


def test_html_in_cp1252_with_declared_charset(tmp_path: Path) -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
        "</head><body><article><p>"
        + "José paid £15.8m for the café – “a record”. " * 6
        + "</p></article></body></html>"
    )
    path = tmp_path / "cp1252.html"
    path.write_bytes(page.encode("cp1252"))
    assert "José paid £15.8m for the café – “a record”." in load(path).text


def test_html_nested_20000_levels_deep_keeps_its_text(tmp_path: Path) -> None:
    depth = 20_000
    page = (
        "<html><head><title>Deep</title></head><body>"
        + "<div>" * depth
        + "<p>The text at the bottom of a very deep page.</p>"
        + "</div>" * depth
        + "<p>And a paragraph after it.</p></body></html>"
    )
    path = tmp_path / "deep.html"
    path.write_text(page, encoding="utf-8")
    raw = load(path)
    assert "The text at the bottom of a very deep page." in raw.text
    assert "And a paragraph after it." in raw.text


def test_html_named_pdf_is_read_as_html(tmp_path: Path) -> None:
    path = tmp_path / "saved-page.pdf"
    path.write_text(NEWS_PAGE, encoding="utf-8")
    raw = load(path)
    assert raw.format == "html"
    assert PARAGRAPHS[0] in raw.text


def test_html_with_no_text(tmp_path: Path) -> None:
    path = tmp_path / "blank.html"
    path.write_text("<html><head><script>var x = 1;</script></head><body> </body></html>")
    with pytest.raises(EmptyDocument, match=r"blank\.html"):
        load(path)


def test_binary_named_html_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "image.html"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    with pytest.raises(UnsupportedFormat, match=r"image\.html: not HTML: looks like a PNG image"):
        load(path)


def test_html_title_without_site_name_suffix(tmp_path: Path) -> None:
    path = tmp_path / "suffix.html"
    path.write_text(
        "<html><head><title>Port strike ends | The Cornish Ledger</title>"
        '<meta property="og:site_name" content="The Cornish Ledger"></head>'
        "<body><p>Dockers returned to work on Monday.</p></body></html>",
        encoding="utf-8",
    )
    assert load(path).metadata.title == "Port strike ends"


def test_html_inline_code_and_links_stay_inside_their_paragraph(tmp_path: Path) -> None:
    path = tmp_path / "code.html"
    path.write_text(
        "<html><body><article><h1>Release notes</h1>"
        "<p>Call the <code>load()</code> function on each file, the engineers said in a long "
        "statement to the press on Tuesday afternoon.</p>"
        "<pre><code>x = 1\ny = 2</code></pre>"
        "<p>After the <b>code</b> block there is <a href='/more'>more</a> prose to read.<br>"
        "And a second line.</p></article></body></html>",
        encoding="utf-8",
    )
    assert load(path).text.split("\n\n") == [
        "Release notes",
        "Call the load() function on each file, the engineers said in a long statement to the "
        "press on Tuesday afternoon.",
        "x = 1 y = 2",
        "After the code block there is more prose to read. And a second line.",
    ]


def test_short_html_page_drops_menus_and_comments_by_class(tmp_path: Path) -> None:
    path = tmp_path / "tiny.html"
    path.write_text(
        "<html><body class='has-menu'><!-- a comment --><div class='menu'>MENUJUNK</div>"
        "<p>Short page body text.</p><div id='comments'>COMMENTJUNK</div></body></html>",
        encoding="utf-8",
    )
    assert load(path).text == "Short page body text."


def test_markdown_inline_html_line_break_keeps_words_apart(tmp_path: Path) -> None:
    path = tmp_path / "br.md"
    path.write_text("First line<br>second line, and <span>kept text</span>.\n", encoding="utf-8")
    assert load(path).text == "First line second line, and kept text."


def test_markdown_opening_thematic_break_is_not_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "rules.md"
    path.write_text("---\n\nA paragraph between rules.\n\n---\n\nAnother one.\n", encoding="utf-8")
    raw = load(path)
    assert raw.text == "A paragraph between rules.\n\nAnother one."
    assert raw.metadata.title is None


@pytest.mark.parametrize(
    ("dated", "expected"), [("", None), ("<p>Published 1 January 2019.</p>", "2019-01-01")]
)
def test_an_html_copyright_year_is_no_date(
    tmp_path: Path, dated: str, expected: str | None
) -> None:
    # htmldate's extensive search made "© 2019" into 2019-01-01 (fresh review).
    page = tmp_path / "dock.html"
    page.write_text(
        f'<html><body><article><h1>Dock news</h1>{dated}<p>"We are going back," said union '
        "leader Jo Dane, who leads the union at the dock.</p></article>"
        "<footer>&copy; 2019 Harbour Times.</footer></body></html>",
        encoding="utf-8",
    )
    assert load(page).metadata.date == expected
