"""A small L2-regularised logistic regression (Newton's method) that turns match signals into a probability."""

from __future__ import annotations

import numpy as np


class LogisticCalibrator:
    """Maps feature rows to P(the answer is right); numpy only, to keep the loaded engine small in memory."""

    def __init__(self, l2: float = 5.0, iterations: int = 50, tolerance: float = 1e-8):
        self.l2 = l2
        self.iterations = iterations
        self.tolerance = tolerance

    def fit(self, X: np.ndarray, y: np.ndarray, sample_weight: np.ndarray | None = None) -> LogisticCalibrator:
        """Learn standardisation and weights from rows `X` and 0/1 labels `y`."""
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        if X.ndim != 2 or len(X) != len(y) or len(X) == 0:
            raise ValueError("fit needs a non-empty 2-D X and one label per row")
        weight = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
        self.mean_ = X.mean(axis=0)
        self.scale_ = X.std(axis=0)
        self.scale_[self.scale_ == 0] = 1.0
        Z = np.hstack([np.ones((len(X), 1)), (X - self.mean_) / self.scale_])
        w = np.zeros(Z.shape[1])
        penalty = np.full(Z.shape[1], self.l2)
        penalty[0] = 0.0  # the intercept is not shrunk
        for _ in range(self.iterations):
            p = 1.0 / (1.0 + np.exp(-Z @ w))
            gradient = Z.T @ (weight * (p - y)) + penalty * w
            hessian = (Z * (weight * p * (1 - p))[:, None]).T @ Z + np.diag(penalty)
            step = np.linalg.solve(hessian, gradient)
            w -= step
            if np.abs(step).max() < self.tolerance:
                break
        self.intercept_ = float(w[0])
        self.coef_ = w[1:]
        # Each feature's mean, scale and weight as Python numbers, for `probability`.
        self.terms_ = list(zip(self.mean_.tolist(), self.scale_.tolist(), self.coef_.tolist(), strict=True))
        return self

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """P(label 1) for each row of `X`."""
        Z = (np.atleast_2d(np.asarray(X, dtype=float)) - self.mean_) / self.scale_
        return 1.0 / (1.0 + np.exp(-(Z @ self.coef_ + self.intercept_)))

    def probability(self, row: list[float]) -> float:
        """P(label 1) for one row of features: `predict_proba` of that row, without building arrays for a dozen numbers.

        The same operations in the same order: each feature standardised, the products with the weights added from the
        first (as numpy adds a row of a dozen products), the intercept, and numpy's exp (whose last digit may differ
        from `math.exp`'s).
        """
        total = 0.0
        for x, (mean, scale, weight) in zip(row, self.terms_, strict=True):
            total += (x - mean) / scale * weight
        return 1.0 / (1.0 + float(np.exp(-(total + self.intercept_))))
