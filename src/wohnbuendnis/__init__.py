"""wohnbuendnis: the working platform of a housing alliance and its housing action concept."""

__version__ = "0.1.0"
