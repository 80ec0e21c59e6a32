"""``python -m riskreg.cli``: the command line, as the ``riskreg`` console script runs it."""

from riskreg.cli import main

main()
