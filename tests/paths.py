"""Where the shared, read-only data lives: ``../shared`` beside the project root (as in CI)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLD_DIR = SHARED / "gold"
EVAL_DIR = SHARED / "eval"
