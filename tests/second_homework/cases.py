"""The warm-up homework's questions and cases, as data."""
from autograder.spec import Question, cases_of

QUESTIONS = [
    Question("Q1", "Standardize", 40),
    Question("Q2", "Square layer", 60),
]

V, H = True, False
CASES = [
    *cases_of("Q1",
              ("small", "standardize", dict(N=5, D=3, seed=1), 20, V),
              ("one_column_large", "standardize", dict(N=9, D=1, seed=2, scale=1e3), 20, H)),
    *cases_of("Q2",
              ("forward_small", "square_forward", dict(N=4, D=2, seed=3), 20, V),
              ("backward_small", "square_backward", dict(N=4, D=2, seed=4), 20, V),
              ("backward_batch_of_one", "square_backward", dict(N=1, D=6, seed=5), 20, H)),
]
