"""`samling` and `python -m pipeline`: a build goes to a running `samling server` before
anything slow is imported (`pipeline.client`); everything else is the full command line."""

from __future__ import annotations

import sys


def main() -> None:
    argv = sys.argv[1:]
    # Help is the command line's to give, whatever runs the builds.
    if argv[:1] == ["build"] and not {"-h", "--help"} & set(argv):
        from pipeline import client

        code = client.build_from_command_line(argv)
        if code is not None:
            sys.exit(code)
    from pipeline.cli import main as command_line

    command_line()


if __name__ == "__main__":
    main()
