"""Synthetic, fictional sample datasets that ship with cs-peers (no real person is in them).

Use them through :mod:`cs_peers.inputs.sample.shipped`.
"""
