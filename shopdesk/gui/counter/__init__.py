"""The parts counter in the window: lost sales, core returns, cores and comeback reports."""
