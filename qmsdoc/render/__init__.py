"""Render: the model composed once into a document tree, then one writer per output format.

``tree`` (the node types), ``markdown`` (bodies → blocks), ``wording`` (the fixed wording, Jinja2
templates), ``compose`` (model → tree: every layout decision), ``writers`` (the registry),
``docx`` (the Word writer); the PDF writers live beside them. See docs/build.md.
"""
