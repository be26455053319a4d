"""Names of the network presets, importable without Keras (search spaces need them).

The networks themselves are built in :mod:`skseq.models._architectures`.
"""

ARCHITECTURES = ("pysster", "global_max", "deepbind", "primer", "basset", "danq")
