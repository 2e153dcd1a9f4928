"""Developer tools: evaluation on question sets, benchmarks (in process and over HTTP), the word-table writer.

Apart from the product: they may import any layer but the web service, and nothing imports them but the CLI.
"""
