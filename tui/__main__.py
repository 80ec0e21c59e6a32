"""python -m tui --db PATH|URL [--lang en] [--user NAME]: open the review UI on a register."""

from __future__ import annotations

import argparse
import os
import sys

from tui.app import run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tui", description=__doc__)
    parser.add_argument("--db", default=os.environ.get("RISKREG_DB", "riskreg.json"),
                        help="register file or postgresql:// URL "
                             "(default: RISKREG_DB or ./riskreg.json)")
    parser.add_argument("--lang", default=os.environ.get("RISKREG_LANG", "sv"),
                        choices=["sv", "en"], help="language of the UI (default: sv)")
    parser.add_argument("--user", default=None,
                        help="who is recorded as making changes (default: RISKREG_USER or login)")
    args = parser.parse_args(argv)
    return run(args.db, lang=args.lang, user=args.user)


if __name__ == "__main__":
    sys.exit(main())
