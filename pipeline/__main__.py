"""``python -m pipeline`` runs the ``ldn`` CLI."""

from pipeline.cli import app

if __name__ == "__main__":
    app()
