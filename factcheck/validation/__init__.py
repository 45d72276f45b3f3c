"""The validation engine behind ``factcheck validate`` (https://www.w3.org/TR/shacl/).

- ``findings``: ``Finding`` and ``Report``, the results every output format renders.
- ``shapes``: loads the shapes and splits them into file-local shapes (SHACL core, run per
  file by pySHACL) and SHACL-SPARQL constraints (run once over the whole graph).
- ``units``: what each file says about the rest (subjects, types, references), the
  validation units (files that must be validated together) and each unit's context.
- ``local``: runs pySHACL on one unit and turns its results into findings.
- ``sparql``: runs each ``sh:SPARQLConstraint``'s SELECT once over the whole graph.
- ``engine``: ties them together, with the content-hash cache (``factcheck.cache``) and
  optional worker processes.
"""
