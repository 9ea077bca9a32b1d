"""Reading sources: the libraries (or recognisers) a page's words and shapes come from, behind one interface.

``base`` defines ``SourcePage`` and the ``DocSource`` protocol; ``pdfplumber`` is the reference.
"""
