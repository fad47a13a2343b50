"""`python -m byline` runs the command line."""

from __future__ import annotations

from byline.cli import main

if __name__ == "__main__":
    main()
