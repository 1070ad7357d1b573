"""The HTML writer: one page of the static site per document tree (``qmsdoc build -f html``).

It maps each node of :mod:`qmsdoc.render.tree` to semantic HTML and puts the page in the
frame compose decided (:class:`~qmsdoc.render.tree.SiteFrame`: navigation, the site's words,
the parts added after the document). It never reads the repository; the style sheet and the
script it links are package data (``assets/``), copied into the site by the build, so a page
asks for nothing outside the site (file:// or any static server).
"""

from qmsdoc.render.html.search import fold, search_index
from qmsdoc.render.html.writer import WRITER_VERSION, asset_bytes, write_html

__all__ = ["WRITER_VERSION", "asset_bytes", "fold", "search_index", "write_html"]
