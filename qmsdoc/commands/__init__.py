"""Whole commands: the one layer that composes the stages (load, rules, history, build…) and the
caches. One module per command, each with ``run(options) -> Result``; the Typer layer
(:mod:`qmsdoc.cli`) parses options, calls ``run`` and prints from the result. Tests call ``run``
directly.

Kept empty on purpose: ``qmsdoc check`` on an unchanged repository imports only
:mod:`qmsdoc.commands.check`, which answers from the check cache without the loader or the rules.
"""
