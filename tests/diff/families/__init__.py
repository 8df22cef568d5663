"""The case families; importing this package registers them all, in the
order runs go through them: the language suite, then the stdlib suite."""

from . import values, numbers, text, containers, formatting, programs, errors, builtins, proxy  # noqa: F401, I001
from . import stdlib  # noqa: F401, I001
