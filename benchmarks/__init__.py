"""Scripts that measure Campus and print tables (`make bench` runs them all)."""
