"""The slow packaging checks (``-m packaging``): the wheel and the desktop bundle."""
