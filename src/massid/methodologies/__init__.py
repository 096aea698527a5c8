"""The methodology engine: BOLD Recycling and BOLD Carbon rules over a loaded document graph.

Imports :mod:`massid.domain` only. Services load the graph (:mod:`.graph`) and the engine
(:mod:`.engine`) runs the ordered rule registry of a methodology (:mod:`.registry`).
"""
