"""Reading: a PDF path → ``SourceDoc`` (ingest) → ``DocLayout`` (words, columns, furniture, charts) → text runs.

Entry point: ``layout(source, settings) -> DocLayout``; ``ingest.open_source`` opens the file.
"""
