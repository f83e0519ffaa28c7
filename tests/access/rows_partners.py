"""Access-matrix rows of the partners pages; merged into tests/access/test_matrix.py MATRIX."""

ROWS: dict = {}
