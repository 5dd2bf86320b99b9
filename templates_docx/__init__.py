"""The Word templates, installed as the package docgen.templates (pyproject.toml)."""
