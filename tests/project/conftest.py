"""Project-wide checks. The fixture notebooks are inputs of these tests, not course notebooks:
nbval does not collect them."""

collect_ignore_glob = ["fixtures/*"]
