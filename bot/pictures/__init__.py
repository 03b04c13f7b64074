"""Pictures drawn at request time (token boxes, bar charts) as in-memory PNGs.

Import the modules themselves (`picture`, `token_boxes`, `bars`): this package imports
nothing, so a reply that only names a `Picture` type loads no drawing code, and Pillow is
imported by the drawing functions alone.
"""
