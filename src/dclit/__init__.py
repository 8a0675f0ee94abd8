"""dclit: evidence from the literature on decentralised development cooperation."""
__version__ = "0.1.0"
