"""The console entry point (``qmsdoc``) and ``python -m qmsdoc``."""

import sys


def main() -> None:
    # Imported here so that a Ctrl-C while Python is still importing the command line ends
    # with the same short message as one during a command, not a traceback.
    try:
        from qmsdoc.cli import main as cli_main
    except KeyboardInterrupt:
        sys.stderr.write("\nĐã dừng theo yêu cầu / interrupted.\n")
        sys.exit(130)
    cli_main()


if __name__ == "__main__":
    main()
