"""Helpers shared by several test folders (no tests here): invented letters and records,
report read-back."""
