"""Access-matrix rows of the training pages; merged into tests/access/test_matrix.py MATRIX."""

ROWS: dict = {}
