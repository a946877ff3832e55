"""Shipped with --py-files in the CLI tests."""


def normalize(word):
    return word.strip(".,;:!?\"'()").lower()
