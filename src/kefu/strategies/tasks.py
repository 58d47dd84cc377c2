"""Jobs of the strategies app (thin wrappers in tasks_<part>.py, imported here for discovery)."""

from kefu.strategies.tasks_care import *  # noqa
from kefu.strategies.tasks_grades import *  # noqa
from kefu.strategies.tasks_grading import *  # noqa
from kefu.strategies.tasks_plans import *  # noqa
