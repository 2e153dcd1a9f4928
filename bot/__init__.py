"""FAQ assistant for closing a Binance account, answered from third-party articles that it cites and compares.

The package is layered; each folder says what it owns, and imports go one way (a test enforces it):

- `kb`: the knowledge base's model, loader and validator;
- `matching`: from a message to a decision (entries, confidence, scope), over the KB;
- `replies`: the reply shape and its text, from a decision;
- `conversations`: sessions, follow-ups, recording, hand-off, transcripts, over replies and the store;
- `store`: one interface for everything kept, one module per backend; all SQL lives here;
- `support`: agents, the queue, gaps and figures for the support team, beside conversations (no engine, no SQL);
- `authoring`: tools for KB authors;
- `service`: the Flask app on top; `cli` the command line;
- `devtools`: evaluation and benchmarks, apart from the product.
"""
