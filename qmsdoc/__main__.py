"""Allow ``python -m qmsdoc``."""

from qmsdoc.cli import main

main()
