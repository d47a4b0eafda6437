"""Independent quality evaluation of `actone render`, measured with dlib (not actone's own tracker).

Run it through Scripts/eval-independent; `Scripts/eval-independent --help` says what it measures.
"""
