# %% [markdown]
# # Array warm-up
# Two small functions on batch-first arrays: X has shape (N, D).

# %%
import numpy as np


# %% [markdown]
# **Q1.** `standardize(X)`: subtract each column's mean and divide by its standard deviation.

# %%
def standardize(X):
    """X: (N, D). Returns (N, D), each column with mean 0 and standard deviation 1."""
    # BEGIN SOLUTION Q1: return (X - column means) / column standard deviations, shape (N, D)
    mu = X.mean(axis=0, keepdims=True)
    return (X - mu) / X.std(axis=0, keepdims=True)
    # MUTANT q1.std_over_rows: return (X - mu) / X.std(axis=1, keepdims=True)  | you divide by each row's standard deviation: use axis=0 for columns
    # END SOLUTION


# %% [markdown]
# **Q2.** `Square`: a layer computing Y = X * X, with its backward pass.

# %%
class Square:
    def forward(self, X):
        """X: (N, D). Saves X; returns X ** 2, shape (N, D)."""
        self.X = X
        return X * X  # SOLUTION Q2: save X, return X squared, shape (N, D)

    def backward(self, dY):
        """dY: (N, D). Returns dX, shape (N, D)."""
        return 2 * self.X * dY  # SOLUTION Q2: return dX = 2 X dY, shape (N, D)
        # MUTANT q2.no_factor_two: return self.X * dY  | dX lacks the factor 2 from d(X^2)/dX = 2X
