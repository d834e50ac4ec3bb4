"""Generated from ui/*.ui by resources/build.py: do not edit."""
