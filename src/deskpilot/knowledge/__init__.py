"""Knowledge base: articles, immutable versions, citable clauses, retrieval."""
