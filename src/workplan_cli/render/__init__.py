"""Renderers: turn results into text for the terminal, machines and reports; they never decide."""
