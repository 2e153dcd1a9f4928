"""Replies: the reply shape every caller shares and the text users read.

Owns `Reply`, composing it from a decision (`compose`, `assistant`, with the reply cache), and read-only views
of the KB for browsing (`catalog`). Imports the KB and matching layers.
"""
