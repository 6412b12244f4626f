"""TEI reading and writing (lxml)."""
