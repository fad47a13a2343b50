"""The library's storage: two Whoosh indexes and a store of cleaned documents with their analyses.

This is the only package that imports whoosh, and it does so inside functions (`schema`, `indexes`,
`search` import it when first used), so importing `byline.index` costs nothing.

    <library>/index/BYLINE-INDEX      marker: written by us, with our schema version
    <library>/index/docs/             Whoosh index of documents (one per file path)
    <library>/index/quotes/           Whoosh index of quotations (one per quote)
    <library>/store/ab/abcd....json.z zlib JSON of a Document and its Analysis, by content hash
"""

from __future__ import annotations
