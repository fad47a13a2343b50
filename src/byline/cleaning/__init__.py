"""The parts of cleaning, one concern a module; `byline.clean` is the entry point that runs them.

characters   Unicode form, invisible and control characters (nothing raw reaches a terminal)
pages        running headers, footers and page numbers
lines        per-line repairs: spaces, OCR debris, `|` read for `I`
hyphenation  whether a hyphen at a line end split a word or belongs to a compound
paragraphs   blocks to one-line paragraphs: reflow, lost breaks, continuations across pages
trailer      the contact / copyright block at the end of an article
metadata     headline, byline and dateline; which paragraphs are headings
"""
