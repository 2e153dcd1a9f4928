"""Authoring: tools for the people who write the KB: each answer beside its claims and the figures they carry.

Imports the KB layer (and matching, for tools that compare texts).
"""
