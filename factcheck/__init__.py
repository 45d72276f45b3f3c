"""factcheck: a knowledge-graph fact-checking CLI over RDF fact files."""

__version__ = "0.1.0"
