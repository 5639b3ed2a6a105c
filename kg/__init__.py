"""kg: news articles in, a validated, queryable knowledge graph out."""

__version__ = "0.1.0"
