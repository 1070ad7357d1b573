"""Allow ``python -m qmsdoc``."""

from qmsdoc.quick import main

main()
