"""Views of the knowledge graph beyond the entity network of ``factcheck.graph``.

- ``analysis``: shortest sourced paths, neighbourhood trees and centrality rankings.
- ``impact``: the claim dependency graph, from sources through reference facts (and the facts
  derived from them with ``fc:derivedFrom``) to the verdicts that use them as evidence.
- ``export``: the entity network as GraphML, GEXF, node-link JSON, Graphviz DOT, or a picture.
- ``picture``: the picture (PNG, SVG) drawn with matplotlib, its names placed by ``labels`` so
  that none overlaps another; ``layout`` holds the positions and colours every view shares.
"""
