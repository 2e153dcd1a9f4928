"""Replies: the reply shape every caller shares and the text users read.

Owns `Reply`, composing it from a decision (`compose`, `assistant`, with the reply cache), declines met in kind
when a message is only a greeting, thanks or a wish for a person (`remarks`), and read-only views of the KB for
browsing (`catalog`). Imports the KB and matching layers.
"""
