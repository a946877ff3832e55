"""Logical plans: immutable trees of relational operators over resolved expressions."""
