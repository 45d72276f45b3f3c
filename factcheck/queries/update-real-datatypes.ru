# Update: turn the lexical datatypes of factcheck.factstore (urn:factcheck:lexical:<datatype>,
# which keep a typed literal as written) back into the real datatypes, in place, so that SPARQL
# compares numbers and dates as values. Oxigraph then stores them canonically ("7.1330" as 7.133).
DELETE { ?s ?p ?o }
INSERT { ?s ?p ?real }
WHERE {
  ?s ?p ?o .
  FILTER(isLiteral(?o) && STRSTARTS(STR(DATATYPE(?o)), "urn:factcheck:lexical:"))
  BIND(STRDT(STR(?o), IRI(STRAFTER(STR(DATATYPE(?o)), "urn:factcheck:lexical:"))) AS ?real)
}
