"""The grading engine: what runs on every submission (intake -> sandbox -> judge -> report)."""
