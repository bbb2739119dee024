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

# The suite's expected outputs are English unless a test asks for Chinese: start from a neutral environment
# whatever the machine's locale (tests of the language setting set these themselves).
for _var in ("SCHEMERULES_LANG", "LC_ALL", "LC_MESSAGES"):
    os.environ.pop(_var, None)
os.environ["LANG"] = "C.UTF-8"
