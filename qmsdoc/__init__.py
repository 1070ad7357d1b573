"""qmsdoc: ISO 9001 quality documentation as code, for Vietnamese organisations."""

__version__ = "0.1.0"
