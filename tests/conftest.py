import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).parent))

import os

from hypothesis import settings

# The default profile keeps property and fuzz tests inside the normal suite's budget.
# HYPOTHESIS_PROFILE=nightly runs a long search (about 50x the examples, no deadline).
settings.register_profile("default", deadline=None)
settings.register_profile("nightly", max_examples=5000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
