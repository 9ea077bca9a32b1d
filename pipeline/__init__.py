"""ldn: yearly work plans (Letni delovni načrt) from PDF to validated, comparable records."""

__version__ = "0.1.0"
