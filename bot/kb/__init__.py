"""The knowledge base: its schema, the loader that reads and validates `knowledge/`, and what the KB itself knows.

Owns the entries, sources, conflicts and scope as data (`schema`, `knowledge`), the validator's checks (figures
carried by claims, conflict cues), which conflicts a question touches (`conflict_flags`), the everyday word
tables (`lexicon`, `data/`) and text folding shared with matching. Imports nothing else of the package.
"""
