"""The PySide6 GUI: the only package that imports Qt. It calls services; it holds no rules."""
