"""`python -m byline` runs the reader or the command line, as `byline` does."""

from __future__ import annotations

from byline.launch import main

if __name__ == "__main__":
    main()
