"""Answer engine for questions about closing a Binance account."""
