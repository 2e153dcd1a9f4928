"""Matching: from a message to a decision about which entries answer it, and how sure the bot is.

Owns normalisation and spelling (`text`, `spelling`), scope signals (`scope`, `relevance`, `wording`,
`acting`), retrieval (`retriever`, `sparse_index`), the confidence model (`calibration`) and the `engine`
that combines them into a `Decision`. Imports only the KB layer; writes no reply text. `deferred` keeps the
parts of scipy that scikit-learn imports but matching never uses from loading; `building` pauses the garbage
collector while an engine is built.
"""

from .deferred import defer_unused

# Before any module of this package imports scikit-learn (see `deferred`).
defer_unused()
