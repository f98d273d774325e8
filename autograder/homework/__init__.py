"""This homework's spec: homework.toml names its parts; the engine reads it only through autograder.spec."""
