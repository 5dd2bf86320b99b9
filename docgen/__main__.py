"""`python -m docgen` runs the command line."""

from docgen.cli import main

# Guarded, as multiprocessing asks of a main module: a batch worker started by
# `spawn` (Windows) may import it again, and must not run the command a second time.
if __name__ == "__main__":
    main()
