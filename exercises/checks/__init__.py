"""The properties each chapter's problems must have (one module per chapter)."""
