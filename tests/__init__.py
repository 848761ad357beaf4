"""Tests of workplan, mirroring the modules."""
