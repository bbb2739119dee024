"""``python -m schemerules.service SCHEME_DIR [--host H] [--port P] …``: the same as ``schemerules serve``."""

from __future__ import annotations

import argparse
import sys

from ..cli import LANGS, default_lang
from ..errors import Error
from . import add_arguments, cmd_serve


def main(argv=None) -> int:
    lang = default_lang()
    parser = argparse.ArgumentParser(prog="python -m schemerules.service")
    parser.add_argument("--lang", choices=LANGS, default=lang)
    parser.add_argument("--include-root", metavar="DIR")
    add_arguments(parser, lang)
    args = parser.parse_args(argv)
    try:
        return cmd_serve(args)
    except Error as e:
        print(e.render(args.lang) if hasattr(e, "render") else str(e), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
