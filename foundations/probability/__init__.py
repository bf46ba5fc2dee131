"""Probability from scratch (Part 4 of *Mathematics of Machine Learning*, chapters 18–20).

Every public function of the chapter modules is re-exported here, so
``from foundations.probability import weighted_sample`` works.
"""

from .sampling import weighted_sample
