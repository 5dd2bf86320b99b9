"""Writing docgen's own Word templates from their plain-text sources (a developer
tool: `make templates`). Administrators edit the resulting .docx in Word."""
