"""Program builders shared by the module families."""


def op_program(setup, ops, final):
    """A program that runs ``setup``, then each expression of ``ops`` in
    turn, recording its value or the name of the exception it raised (so
    one failing step does not hide the next), and sets ``result`` to
    ``(final, steps)``."""
    lines = [setup, "r = []"]
    for op in ops:
        lines.append(f"try:\n    r.append({op})\nexcept Exception as e:\n    r.append(type(e).__name__)")
    lines.append(f"result = ({final}, r)")
    return "\n".join(lines)
