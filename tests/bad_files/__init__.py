"""Malformed files for the tests: packages/ holds course packages, each naming in its
first line what the message refusing it must say. Files too large to keep in the
repository are written by ``write_large_package``."""


def write_large_package(path, megabytes=50):
    """Write a course package of ``megabytes`` MB (one long introduction) to ``path``."""
    with open(path, "wb") as file:
        file.write(b"format: 1\ncourse:\n  title: Huge\n  introduction: |\n")
        line = b"    " + b"x" * 1019 + b"\n"
        for _ in range(megabytes * 1024):
            file.write(line)
    return path
