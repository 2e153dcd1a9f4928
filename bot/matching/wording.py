"""A bag-of-words model of how in-scope questions are worded against out-of-scope ones (Bernoulli naive Bayes).

Retrieval asks "which entry is closest?"; this asks "do questions about closing an account use these words,
and leave out these others?". "card", "transfer" or "ATM" next to "account" speak against the KB even when
every word is one it knows. scikit-learn learns the model; a query is scored from its word ids directly,
because `predict_proba` on one row spends most of a millisecond validating its input.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp


class WordingModel:
    """Log-odds that a text is in scope, from which of the vocabulary's words it has and lacks."""

    def __init__(self, alpha: float = 1.0, folds: int = 5, seed: int = 0):
        self.alpha = alpha
        self.folds = folds
        self.seed = seed

    def _fit_weights(self, X: sp.csr_matrix, y: np.ndarray) -> tuple[np.ndarray, float]:
        from sklearn.naive_bayes import BernoulliNB  # only to fit: scoring needs the weights alone

        model = BernoulliNB(alpha=self.alpha, fit_prior=False).fit(X, y)
        present = model.feature_log_prob_[1] - model.feature_log_prob_[0]
        absent_in = np.log1p(-np.exp(model.feature_log_prob_[1]))
        absent_out = np.log1p(-np.exp(model.feature_log_prob_[0]))
        # log-odds(x) = sum over present words of (present - absent) + sum over all words of absent.
        return present - (absent_in - absent_out), float((absent_in - absent_out).sum())

    def fit(self, X: sp.spmatrix, y: np.ndarray) -> WordingModel:
        """Learn from binary word rows `X` (one per document) and `y` (1 in scope, 0 out of scope).

        `oof_` holds each training row's log-odds from a model fitted without its fold, for calibration.
        """
        X = (sp.csr_matrix(X) > 0).astype(np.float64).tocsr()
        y = np.asarray(y, dtype=int)
        self.weights_, self.bias_ = self._fit_weights(X, y)
        fold = np.random.default_rng(self.seed).integers(0, self.folds, size=X.shape[0])
        self.oof_ = np.zeros(X.shape[0])
        for k in range(self.folds):
            held = fold == k
            weights, bias = self._fit_weights(X[~held], y[~held])
            self.oof_[held] = X[held] @ weights + bias
        return self

    def log_odds(self, ids: np.ndarray) -> float:
        """Log-odds for a text whose distinct word ids are `ids`."""
        # The distinct ids in increasing order, as `np.unique` gives them (without its checks around a few ids).
        distinct = np.array(sorted(set(ids.tolist())), dtype=np.intp)
        return float(self.weights_[distinct].sum() + self.bias_)
