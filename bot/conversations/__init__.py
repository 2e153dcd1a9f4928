"""Conversations: sessions, follow-ups, recording every exchange, feedback, hand-off, and the user's transcript.

`chat` answers messages through the assistant and records them in the store; `ids` and `transcript` need neither
the engine nor a web framework, so the support layer can use them. Imports replies (for the assistant), the KB
layer and the store.
"""
