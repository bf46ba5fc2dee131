"""Exercises with a grader: implement the chapter's math yourself, and let the tests grade it.

- ``exercises/chNN_<topic>.py`` — the problems of chapter NN: each a function with its
  signature, a docstring stating the problem (with its math) and a hint, and a body that raises
  ``NotImplementedError``. Replace the body with your solution.
- ``exercises/checks/chNN_<topic>.py`` — the properties each problem must have, tested on
  random and adversarial inputs (hypothesis, fixed seed: the feedback is reproducible).
- ``exercises/solutions/chNN_<topic>.py`` — a readable reference solution for every problem.

Grade a chapter with ``nox -s grade -- ch05`` (or ``python -m exercises.grader ch05 [PATH]``).
"""
