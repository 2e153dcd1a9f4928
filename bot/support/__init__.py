"""Support: what the support team works with: agents and tokens, the queue of conversations that need a person,
gaps in the KB, figures and exports.

Beside conversations, not above them: it reads and writes through the store interface (no SQL here) and never
imports the engine.
"""
