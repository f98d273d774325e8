"""Grading many submissions into a gradebook, on top of one grading."""
