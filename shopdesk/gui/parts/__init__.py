"""The parts and purchasing screens and their dialogs."""
