"""The console script as a process: what it spends starting and ending, kept small.

A command on a small register is mostly start-up: importing modules and making
their classes. Three things make that cheaper, none of which changes what a
command does:

- attrs's and cattrs's generated methods are compiled once and kept
  (:mod:`riskreg.codecache`, like Python's own ``.pyc`` files);
- Python's cyclic garbage collector is off while the modules are imported: their
  objects live until the process ends, and each collection would walk all of
  them again (about a tenth of a small command's time). :func:`working` turns it
  back on when the command begins its own work (opens the register, starts the
  review UI), with those objects frozen out of its way (``gc.freeze``) and a
  collection every :data:`YOUNG_OBJECTS` new objects instead of every 700: a
  command on a small register ends before its first collection (reading one
  makes some 50,000 objects, none of them garbage), a long one has its garbage
  collected as in any program, a few MB of it at most waiting between
  collections. A command that ends without opening anything has no time to make
  much;
- at exit the objects are frozen too, so the interpreter's last full collection
  (walking every object once more, only to free them) is skipped: everything is
  given back to the system when the process ends. Files are flushed and closed
  as before (the command closes what it opened; the interpreter still flushes
  stdout and stderr and runs every ``atexit`` function).

``import riskreg.cli`` (tests, scripts) does none of this; :func:`start` is called
by :func:`riskreg.cli.main`, the console script.
"""

from __future__ import annotations

import atexit
import gc

#: new container objects between two collections of the youngest generation (Python: 700)
YOUNG_OBJECTS = 50_000


def start() -> None:
    """Set up the process of the console script (see the module doc)."""
    from riskreg import codecache

    gc.disable()
    atexit.register(gc.freeze)  # registered first: runs after every other atexit function
    codecache.install()


def working() -> None:
    """The command begins its own work: the collector on, start-up's objects frozen."""
    if not gc.isenabled():
        gc.freeze()
        _young, middle, old = gc.get_threshold()
        gc.set_threshold(YOUNG_OBJECTS, middle, old)
        gc.enable()


__all__ = ["start", "working"]
