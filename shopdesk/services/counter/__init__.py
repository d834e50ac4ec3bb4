"""The parts counter's extras: core deposits, lost sales, comebacks and warranty."""
