"""Kefu's benchmarks: a data generator and a runner that prints one markdown table.

    make bench                                   # 1M customers on KEFU_BENCH_DATABASE_URL
    make bench BENCH_ARGS="--only customers.search --iterations 50"

See bench/README.md. Benchmarks report numbers; they are not timed tests.
"""
