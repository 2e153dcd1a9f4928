"""Matching: from a message to a decision about which entries answer it, and how sure the bot is.

Owns normalisation and spelling (`text`, `spelling`), scope signals (`scope`, `relevance`, `wording`,
`acting`), retrieval (`retriever`, `sparse_index`), the confidence model (`calibration`) and the `engine`
that combines them into a `Decision`. Imports only the KB layer; writes no reply text.
"""
